package dev.driftwatch.updater;

import dev.driftwatch.updater.internal.GuardedAdjustOperation;
import dev.driftwatch.updater.internal.IdempotentAdjustOperation;
import dev.driftwatch.updater.internal.KeyLocks;
import dev.driftwatch.updater.internal.KeyMemory;
import dev.driftwatch.updater.internal.TransactionOperation;
import dev.driftwatch.updater.internal.UpdaterContext;
import dev.driftwatch.updater.internal.VersionedDeleteOperation;
import dev.driftwatch.updater.internal.VersionedUpdateOperation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Writes one DynamoDB table without losing updates: optimistic locking on a version attribute,
 * guarded atomic adjustments, versioned deletes and transactions. Every write bumps the version and
 * stamps a unique write id, the writer's name and (for quantity changes) the delta, which is what
 * driftwatch's detector reads. Thread-safe; depends on nothing but the AWS SDK.
 *
 * <pre>{@code
 * ConditionalUpdater stock = ConditionalUpdater.builder()
 *         .client(dynamoDb).table("inventory").partitionKey("sku").writer("checkout").build();
 * UpdateOutcome outcome = stock.adjust(Map.of("sku", AttributeValue.fromS("A-1")), "quantity",
 *         BigDecimal.valueOf(-2), BigDecimal.ZERO);
 * }</pre>
 */
public final class ConditionalUpdater {
    private final UpdaterContext context;
    private final VersionedUpdateOperation update;
    private final GuardedAdjustOperation adjust;
    private final VersionedDeleteOperation delete;
    private final TransactionOperation transaction;
    private final Optional<IdempotentAdjustOperation> adjustOnce;
    private final Optional<String> ledgerTable;
    private final Duration ledgerRetention;

    private ConditionalUpdater(UpdaterContext context, Optional<String> ledgerTable, Duration ledgerRetention) {
        this.context = context;
        this.ledgerTable = ledgerTable;
        this.ledgerRetention = ledgerRetention;
        this.update = new VersionedUpdateOperation(context);
        this.adjust = new GuardedAdjustOperation(context);
        this.delete = new VersionedDeleteOperation(context);
        this.transaction = new TransactionOperation(context);
        this.adjustOnce = ledgerTable.map(
                ledger -> new IdempotentAdjustOperation(context, ledger, ledgerRetention, Clock.systemUTC()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Apply {@code change} to the item (read consistently, or as this updater last wrote or saw it), write on the
     * condition that its version and write id are still those; on a conflict, retry with the item returned by the
     * failed write (no second read). A decline or an exception on a remembered item is decided again on a
     * consistent read.
     *
     * @param change receives a mutable copy of the item (only the key when it does not exist) and returns the item
     *     to write; returning null writes nothing. It may be called more than once and on a stale item: it must
     *     have no side effect
     */
    public UpdateOutcome update(Map<String, AttributeValue> key, UnaryOperator<Map<String, AttributeValue>> change) {
        return update.run(key, change);
    }

    /** Adds {@code delta} to a numeric attribute in one request if the item exists and the result stays ≥ floor. */
    public UpdateOutcome adjust(Map<String, AttributeValue> key, String attribute, BigDecimal delta, BigDecimal floor) {
        return adjust.run(key, attribute, delta, Optional.of(floor));
    }

    /** Adds {@code delta} to a numeric attribute in one request if the item exists; no floor. */
    public UpdateOutcome adjust(Map<String, AttributeValue> key, String attribute, BigDecimal delta) {
        return adjust.run(key, attribute, delta, Optional.empty());
    }

    /**
     * {@link #adjust(Map, String, BigDecimal, BigDecimal)} applied at most once per {@code operationId}
     * (the caller's id of the logical operation, e.g. an order line): a retry of a call that landed,
     * by the SDK or by the caller, returns {@link UpdateOutcome.AlreadyApplied} and writes nothing.
     * Needs the builder's {@code ledger} table; costs one transaction of two items.
     */
    public UpdateOutcome adjustOnce(
            String operationId, Map<String, AttributeValue> key, String attribute, BigDecimal delta, BigDecimal floor) {
        return adjustOnce
                .orElseThrow(() -> new IllegalStateException(
                        "adjustOnce needs a ledger table: ConditionalUpdater.builder().ledger(\"...\")"))
                .run(operationId, key, attribute, delta, Optional.of(floor));
    }

    /**
     * Creates the ledger table of {@link #adjustOnce}: key {@code operation} (string), entries expiring
     * by TTL on {@code expiresAt}. Returns false when it already existed.
     */
    public static boolean createLedgerTable(DynamoDbClient client, String ledgerTable) {
        try {
            client.createTable(b -> b.tableName(ledgerTable)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName(IdempotentAdjustOperation.LEDGER_KEY)
                            .attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName(IdempotentAdjustOperation.LEDGER_KEY)
                            .keyType(KeyType.HASH)));
        } catch (ResourceInUseException e) {
            return false;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(ledgerTable));
        client.updateTimeToLive(b -> b.tableName(ledgerTable)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        return true;
    }

    /** Deletes the item only if it is still at {@code expectedVersion}. */
    public UpdateOutcome delete(Map<String, AttributeValue> key, long expectedVersion) {
        return delete.run(key, expectedVersion);
    }

    /** Commits every action of the transaction, or none. */
    public TransactionOutcome transact(Transaction transaction) {
        return this.transaction.run(transaction);
    }

    /**
     * A sharded counter over {@code attribute} of this table (keyed by its partition key alone). Each
     * adjustment starts on a random shard, or with {@code writerAffinity} on the calling writer's own.
     */
    public ShardedCounter sharded(String attribute, boolean writerAffinity) {
        return new ShardedCounter(this, context, attribute, writerAffinity);
    }

    /**
     * This updater writing under another writer name (e.g. the caller of a request), sharing everything else: table,
     * retry policy, ledger, statistics, and the memory of keys and local queues that pace contention.
     */
    public ConditionalUpdater as(String writer) {
        if (writer == null || writer.isBlank()) {
            throw new IllegalArgumentException(
                    "writer must not be blank, got: '" + (writer == null ? "" : writer) + "'");
        }
        return new ConditionalUpdater(context.withWriter(writer), ledgerTable, ledgerRetention);
    }

    public ContentionStats stats() {
        return context.stats();
    }

    /** Builds an updater; client, table and partition key are required. */
    public static final class Builder {
        public static final int DEFAULT_REMEMBERED_KEYS = 1000;
        private DynamoDbClient client;
        private String table;
        private String partitionKey;
        private Optional<String> sortKey = Optional.empty();
        private StampAttributes stamps = StampAttributes.DEFAULTS;
        private String writer = "driftwatch-updater";
        private long initialVersion = 1;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Optional<String> ledgerTable = Optional.empty();
        private Duration ledgerRetention = Duration.ofDays(7);
        private int rememberedKeys = DEFAULT_REMEMBERED_KEYS;
        private boolean queueLocally;

        public Builder client(DynamoDbClient client) {
            this.client = client;
            return this;
        }

        public Builder table(String table) {
            this.table = table;
            return this;
        }

        public Builder partitionKey(String partitionKey) {
            this.partitionKey = partitionKey;
            return this;
        }

        public Builder sortKey(String sortKey) {
            this.sortKey = Optional.of(sortKey);
            return this;
        }

        public Builder stamps(StampAttributes stamps) {
            this.stamps = stamps;
            return this;
        }

        public Builder writer(String writer) {
            this.writer = writer;
            return this;
        }

        public Builder initialVersion(long initialVersion) {
            this.initialVersion = initialVersion;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = retry;
            return this;
        }

        /** The table that records applied operation ids for {@code adjustOnce} (see {@code createLedgerTable}). */
        public Builder ledger(String ledgerTable) {
            this.ledgerTable = Optional.of(ledgerTable);
            return this;
        }

        /** How long an applied operation id is remembered (default 7 days): the window for late retries. */
        public Builder ledgerRetention(Duration retention) {
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("ledgerRetention must be positive, got: " + retention);
            }
            this.ledgerRetention = retention;
            return this;
        }

        /**
         * How many keys this updater remembers for contention-aware pacing (default {@value #DEFAULT_REMEMBERED_KEYS};
         * 0: none): per key, how contended it has been lately (each conflict doubles the backoff ceiling of this
         * updater's later attempts on it, each success of ours halves that again) and the item as last written or
         * seen (up to 16 KB), so that the next {@code update} of the key puts at once instead of reading first.
         */
        public Builder rememberKeys(int keys) {
            if (keys < 0 || keys > 1_000_000) {
                throw new IllegalArgumentException("rememberKeys must be 0 to 1000000, got: " + keys);
            }
            this.rememberedKeys = keys;
            return this;
        }

        /**
         * Threads sharing this updater run {@code update} on one key one at a time, queueing locally instead of
         * racing each other at DynamoDB (default off). Helps only writers that share this instance.
         */
        public Builder queueLocally(boolean queueLocally) {
            this.queueLocally = queueLocally;
            return this;
        }

        public ConditionalUpdater build() {
            Objects.requireNonNull(client, "client");
            if (table == null || table.isBlank()) {
                throw new IllegalArgumentException(
                        "table must not be blank, got: '" + (table == null ? "" : table) + "'");
            }
            if (partitionKey == null || partitionKey.isBlank()) {
                throw new IllegalArgumentException(
                        "partitionKey must not be blank, got: '" + (partitionKey == null ? "" : partitionKey) + "'");
            }
            if (writer == null || writer.isBlank()) {
                throw new IllegalArgumentException(
                        "writer must not be blank, got: '" + (writer == null ? "" : writer) + "'");
            }
            return new ConditionalUpdater(
                    new UpdaterContext(
                            client,
                            table,
                            partitionKey,
                            sortKey,
                            stamps,
                            writer,
                            initialVersion,
                            retry,
                            new ContentionStats(),
                            new KeyMemory(rememberedKeys),
                            queueLocally ? KeyLocks.perKey() : KeyLocks.none()),
                    ledgerTable,
                    ledgerRetention);
        }
    }
}
