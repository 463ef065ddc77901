package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Negative stock on the logical sum of a sharded counter ({@code table.shardedCounters}): items
 * {@code <key>#<n>} carrying {@code shards = N}, as the updater's ShardedCounter writes them. Per
 * shard, the ordinary rules apply; this one remembers each shard's last quantity and, once all N
 * shards of a logical item have been seen since the daemon started, fires when their sum is below
 * the floor. Shards on other stream shards are read by other threads (or workers, which then never
 * see every shard), so the sum mixes moments; it is exact for a single worker at rest.
 */
final class ShardedStockRule implements Rule {
    static final String SHARDS = "shards";
    static final int LOGICAL_ITEMS = 20_000;
    private static final Pattern SHARD_KEY = Pattern.compile("(.+)#(\\d{1,9})");

    private final String quantity;
    private final BigDecimal floor;
    private final Map<String, Shards> logical = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Shards> eldest) {
            return size() > LOGICAL_ITEMS;
        }
    };

    private static final class Shards {
        int count;
        final Map<Integer, BigDecimal> quantities = new HashMap<>();
    }

    ShardedStockRule(TableConfig table) {
        this.quantity = table.attributes().quantity();
        this.floor = table.floor();
    }

    @Override
    public String id() {
        return "logical-negative-stock";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        Matcher key = SHARD_KEY.matcher(record.itemKey());
        if (!key.matches()) {
            return Optional.empty();
        }
        String logicalKey = key.group(1);
        int shard = Integer.parseInt(key.group(2));
        BigDecimal sum;
        BigDecimal now;
        int count;
        synchronized (logical) {
            if (record.eventName() == EventName.REMOVE) {
                Shards known = logical.get(logicalKey);
                if (known != null) {
                    known.quantities.remove(shard);
                }
                return Optional.empty();
            }
            Optional<BigDecimal> shards = record.newNumber(SHARDS);
            Optional<BigDecimal> quantityNow = record.newNumber(quantity);
            if (shards.isEmpty() || quantityNow.isEmpty()) {
                return Optional.empty();
            }
            now = quantityNow.get();
            Shards known = logical.computeIfAbsent(logicalKey, k -> new Shards());
            count = shards.get().intValue();
            if (count != known.count) {
                known.count = count;
                known.quantities.keySet().removeIf(index -> index >= count);
            }
            if (shard >= count) {
                // A retired shard (emptied by a reshard to fewer, kept): not part of the sum.
                known.quantities.remove(shard);
                return Optional.empty();
            }
            known.quantities.put(shard, now);
            if (known.quantities.size() < count) {
                return Optional.empty();
            }
            sum = known.quantities.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
        if (sum.compareTo(floor) >= 0) {
            return Optional.empty();
        }
        return Optional.of(Violation.of(
                FindingClass.INVARIANT,
                "logical item " + logicalKey + ": its " + count
                        + " shards sum to " + sum.toPlainString() + ", below the floor " + floor.toPlainString()
                        + " (" + record.itemKey() + " now " + now.toPlainString() + ")"));
    }
}
