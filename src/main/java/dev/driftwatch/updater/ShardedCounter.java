package dev.driftwatch.updater;

import dev.driftwatch.updater.internal.ShardAdjustOperation;
import dev.driftwatch.updater.internal.UpdaterContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * One logical quantity spread over N shard items {@code <key>#0 … <key>#N-1}, so that many writers
 * of a hot item update different items. A head item {@code <key>} records N, and so does every shard
 * (attribute {@code shards}: the detector's {@code table.shardedCounters} check reads it). Each shard keeps its
 * own floor; a decrement no single shard can serve but the shards together can is taken from several
 * shards in one transaction. Get one from {@link ConditionalUpdater#sharded}; thread-safe.
 */
public final class ShardedCounter {
    public static final String SHARDS = "shards";
    public static final int MAX_SHARDS = 64;
    private static final int ROUNDS = 20;

    private final ConditionalUpdater updater;
    private final UpdaterContext context;
    private final String attribute;
    private final boolean writerAffinity;
    private final Map<String, Integer> shardCounts = new ConcurrentHashMap<>();
    private final ShardAdjustOperation shardAdjust;

    ShardedCounter(ConditionalUpdater updater, UpdaterContext context, String attribute, boolean writerAffinity) {
        if (context.sortKey().isPresent()) {
            throw new IllegalStateException("sharded counters need a table keyed by its partition key alone");
        }
        this.updater = updater;
        this.context = context;
        this.attribute = attribute;
        this.writerAffinity = writerAffinity;
        this.shardAdjust = new ShardAdjustOperation(context);
    }

    /** The key value of shard {@code shard} of a logical item. */
    public static String shardKey(String logicalKey, int shard) {
        return logicalKey + "#" + shard;
    }

    /** The logical item of a shard key, or the key itself when it names no shard. */
    public static String logicalKey(String key) {
        int hash = key.lastIndexOf('#');
        return hash > 0 && key.substring(hash + 1).matches("\\d+") ? key.substring(0, hash) : key;
    }

    /** Creates the head item and {@code shards} shards sharing {@code total} evenly, in one transaction. */
    public TransactionOutcome create(String logicalKey, BigDecimal total, int shards) {
        checkShards(shards);
        Transaction.Builder transaction = Transaction.builder().put(head(logicalKey, shards), Optional.empty());
        List<BigDecimal> parts = split(total, shards);
        for (int i = 0; i < shards; i++) {
            transaction.put(shard(logicalKey, i, parts.get(i), shards), Optional.empty());
        }
        TransactionOutcome outcome = updater.transact(transaction.build());
        if (outcome instanceof TransactionOutcome.Committed) {
            shardCounts.put(logicalKey, shards);
        }
        return outcome;
    }

    /**
     * The sum of the shards (consistent reads, one BatchGetItem), or empty when the logical item does not exist.
     * Every shard carries the shard count: a shard missing, or one carrying another count, means another instance
     * resharded since the count was cached, and the count is read again.
     */
    public Optional<BigDecimal> read(String logicalKey) {
        Optional<BigDecimal> sum = Optional.empty();
        for (int round = 0; round < 3; round++) {
            Optional<Integer> shards = shards(logicalKey);
            if (shards.isEmpty()) {
                return Optional.empty();
            }
            int count = shards.get();
            Map<Integer, Map<String, AttributeValue>> items = readShards(logicalKey, count);
            sum = Optional.of(items.values().stream()
                    .map(item -> UpdaterContext.number(item, attribute).orElse(BigDecimal.ZERO))
                    .reduce(BigDecimal.ZERO, BigDecimal::add));
            boolean current = items.size() == count
                    && items.values().stream()
                            .allMatch(item -> item.containsKey(SHARDS)
                                    && Integer.toString(count)
                                            .equals(item.get(SHARDS).n()));
            if (current) {
                return sum;
            }
            shardCounts.remove(logicalKey);
        }
        return sum; // resharded again and again while reading: the last sum read
    }

    /**
     * Adds {@code delta} to the logical quantity keeping every shard at or above {@code floor}: on one
     * shard (random, or the writer's own), else on another, else on several in one transaction.
     * Insufficient only when the shards together cannot serve it.
     */
    public UpdateOutcome adjust(String logicalKey, BigDecimal delta, BigDecimal floor) {
        int attempts = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Optional<Integer> known = shards(logicalKey);
            if (known.isEmpty()) {
                return new UpdateOutcome.Missing(attempts + 1);
            }
            int shards = known.get();
            int start = start(shards);
            Map<Integer, BigDecimal> seen = new HashMap<>();
            boolean stale = false;
            for (int i = 0; i < shards && !stale; i++) {
                int shard = (start + i) % shards;
                UpdateOutcome outcome =
                        shardAdjust.run(key(shardKey(logicalKey, shard)), attribute, delta, floor, shards);
                attempts += outcome.attempts();
                if (outcome instanceof UpdateOutcome.Insufficient insufficient) {
                    seen.put(
                            shard,
                            UpdaterContext.number(insufficient.current(), attribute)
                                    .orElse(BigDecimal.ZERO));
                } else if (outcome instanceof UpdateOutcome.Missing) {
                    stale = true; // resharded meanwhile
                } else {
                    return outcome;
                }
            }
            if (stale) {
                shardCounts.remove(logicalKey);
                continue;
            }
            Optional<Transaction> spread = takeFromSeveral(logicalKey, delta.negate(), floor, seen, start, shards);
            if (spread.isEmpty()) {
                BigDecimal sum = seen.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                return new UpdateOutcome.Insufficient(
                        Map.of(
                                context.partitionKey(),
                                AttributeValue.fromS(logicalKey),
                                attribute,
                                AttributeValue.fromN(sum.toPlainString())),
                        attempts);
            }
            TransactionOutcome moved = updater.transact(spread.get());
            attempts += moved.attempts();
            if (moved instanceof TransactionOutcome.Committed) {
                return new UpdateOutcome.Applied(key(logicalKey), attempts);
            }
            // Another writer took stock between our reads and the transaction: look again.
        }
        return new UpdateOutcome.Conflict(Optional.empty(), attempts);
    }

    /**
     * Spreads the logical quantity over {@code shards} shards instead, in one transaction at the
     * versions read (a concurrent write makes it Cancelled; read and call again).
     */
    public TransactionOutcome reshard(String logicalKey, int shards) {
        checkShards(shards);
        Map<String, AttributeValue> head = context.readConsistent(key(logicalKey))
                .orElseThrow(() -> new IllegalArgumentException("no sharded item " + logicalKey));
        int current = Integer.parseInt(head.get(SHARDS).n());
        if (current + shards + 1 > Transaction.MAX_ACTIONS) {
            throw new IllegalArgumentException("resharding " + current + " → " + shards + " exceeds one transaction");
        }
        // Shards beyond the current count are retired ones (empty, kept): read them too, to put them back at their
        // version.
        Map<Integer, Map<String, AttributeValue>> items = readShards(logicalKey, Math.max(current, shards));
        BigDecimal total = items.entrySet().stream()
                .filter(entry -> entry.getKey() < current)
                .map(Map.Entry::getValue)
                .map(item -> UpdaterContext.number(item, attribute).orElse(BigDecimal.ZERO))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        Transaction.Builder transaction =
                Transaction.builder().put(head(logicalKey, shards), Optional.of(version(head)));
        List<BigDecimal> parts = split(total, shards);
        for (int i = 0; i < Math.max(current, shards); i++) {
            Map<String, AttributeValue> existing = items.get(i);
            // A shard no longer counted is emptied and kept, not deleted: a delete would show its units leaving
            // (an item removed with stock), and a writer that still counts it finds another shard count on it.
            transaction.put(
                    shard(logicalKey, i, i >= shards ? BigDecimal.ZERO : parts.get(i), shards),
                    existing == null ? Optional.empty() : Optional.of(version(existing)));
        }
        TransactionOutcome outcome = updater.transact(transaction.build());
        if (outcome instanceof TransactionOutcome.Committed) {
            shardCounts.put(logicalKey, shards);
        } else {
            shardCounts.remove(logicalKey);
        }
        return outcome;
    }

    /** The number of shards, from the head item (cached). */
    public Optional<Integer> shards(String logicalKey) {
        Integer cached = shardCounts.get(logicalKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Integer> shards = context.readConsistent(key(logicalKey))
                .flatMap(head -> Optional.ofNullable(head.get(SHARDS)))
                .map(value -> Integer.parseInt(value.n()));
        shards.ifPresent(n -> shardCounts.put(logicalKey, n));
        return shards;
    }

    private Optional<Transaction> takeFromSeveral(
            String logicalKey,
            BigDecimal need,
            BigDecimal floor,
            Map<Integer, BigDecimal> seen,
            int start,
            int shards) {
        if (need.signum() <= 0) {
            return Optional.empty();
        }
        Transaction.Builder transaction = Transaction.builder();
        BigDecimal remaining = need;
        for (int i = 0; i < shards && remaining.signum() > 0; i++) {
            int shard = (start + i) % shards;
            BigDecimal available = seen.getOrDefault(shard, BigDecimal.ZERO).subtract(floor);
            if (available.signum() <= 0) {
                continue;
            }
            BigDecimal take = available.min(remaining);
            transaction.adjust(key(shardKey(logicalKey, shard)), attribute, take.negate(), floor);
            remaining = remaining.subtract(take);
        }
        return remaining.signum() > 0 ? Optional.empty() : Optional.of(transaction.build());
    }

    private Map<Integer, Map<String, AttributeValue>> readShards(String logicalKey, int shards) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            keys.add(key(shardKey(logicalKey, i)));
        }
        context.stats().recordRequest();
        var response = context.dynamoDb()
                .batchGetItem(b -> b.requestItems(Map.of(
                        context.table(),
                        KeysAndAttributes.builder()
                                .keys(keys)
                                .consistentRead(true)
                                .build())));
        List<Map<String, AttributeValue>> found =
                new ArrayList<>(response.responses().getOrDefault(context.table(), List.of()));
        if (response.hasUnprocessedKeys() && response.unprocessedKeys().containsKey(context.table())) {
            // Throttled keys come back unprocessed: read those one by one.
            for (Map<String, AttributeValue> key :
                    response.unprocessedKeys().get(context.table()).keys()) {
                context.readConsistent(key).ifPresent(found::add);
            }
        }
        Map<Integer, Map<String, AttributeValue>> items = new HashMap<>();
        for (Map<String, AttributeValue> item : found) {
            String key = item.get(context.partitionKey()).s();
            items.put(Integer.parseInt(key.substring(key.lastIndexOf('#') + 1)), item);
        }
        return items;
    }

    private int start(int shards) {
        if (writerAffinity) {
            return Math.floorMod((context.writer() + Thread.currentThread().getId()).hashCode(), shards);
        }
        return ThreadLocalRandom.current().nextInt(shards);
    }

    private Map<String, AttributeValue> head(String logicalKey, int shards) {
        return Map.of(
                context.partitionKey(),
                AttributeValue.fromS(logicalKey),
                SHARDS,
                AttributeValue.fromN(Integer.toString(shards)));
    }

    /** A shard carries the shard count too, so that a detector seeing only shard records knows N. */
    private Map<String, AttributeValue> shard(String logicalKey, int shard, BigDecimal quantity, int shards) {
        return Map.of(
                context.partitionKey(),
                AttributeValue.fromS(shardKey(logicalKey, shard)),
                attribute,
                AttributeValue.fromN(quantity.toPlainString()),
                SHARDS,
                AttributeValue.fromN(Integer.toString(shards)));
    }

    private Map<String, AttributeValue> key(String value) {
        return Map.of(context.partitionKey(), AttributeValue.fromS(value));
    }

    private long version(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(context.stamps().version()).n());
    }

    /**
     * {@code total} in {@code parts} whole-unit parts that add up to it and differ by at most one (the first ones
     * further from zero).
     */
    static List<BigDecimal> split(BigDecimal total, int parts) {
        if (total.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("a sharded counter holds whole units, got: " + total.toPlainString());
        }
        BigDecimal[] division = total.divideAndRemainder(BigDecimal.valueOf(parts));
        BigDecimal base = division[0];
        // The remainder has the total's sign: -5 over 4 is -1 each and -1 left, which goes to the first shard.
        int extra = division[1].abs().intValueExact();
        BigDecimal unit = BigDecimal.valueOf(division[1].signum());
        List<BigDecimal> result = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            result.add(i < extra ? base.add(unit) : base);
        }
        return result;
    }

    private static void checkShards(int shards) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("shards must be 1 to " + MAX_SHARDS + ", got: " + shards);
        }
    }
}
