package dev.driftwatch.audit;

import dev.driftwatch.finding.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * The audit table's layout: {@code pk = <table>#<item key>}, {@code sk = <time>#<sequence>#<rule>},
 * GSI {@code by-rule} on {@code ruleDay = <rule>#<yyyy-mm-dd>#<shard>} sorted by {@code detectedAt}, TTL on
 * {@code expiresAt}; sparse GSI {@code pending-alerts} on {@code alertPending = <table>#<shard>} sorted by
 * {@code alertQueuedAt}, the alert outbox. Both index keys are spread over {@link #INDEX_SHARDS} shards.
 */
public final class AuditTable {
    public static final String PK = "pk";

    /**
     * How many keys each index key is spread over. A finding is written to both indexes (projection ALL, 1 to 2
     * write units each); one index key takes at most 1,000 write units a second, so an unsharded
     * {@code <rule>#<day>} or {@code <table>} key throttles at 500 to 1,000 findings a second of one rule — the
     * rate of a busy table after a bad deploy — and a throttled index holds back the audit writes. Eight shards
     * raise that eightfold; readers query every shard (and the unsharded key written before) and merge. See
     * docs/ARCHITECTURE.md, "Index keys".
     */
    public static final int INDEX_SHARDS = 8;

    public static final String SK = "sk";
    public static final String BY_RULE_INDEX = "by-rule";
    public static final String RULE_DAY = "ruleDay";
    public static final String DETECTED_AT = "detectedAt";
    public static final String EXPIRES_AT = "expiresAt";
    /** Sparse index of the alert outbox: only pending findings carry {@link #ALERT_PENDING}. */
    public static final String PENDING_ALERTS_INDEX = "pending-alerts";

    public static final String ALERT_STATE = "alertState";
    public static final String ALERT_PENDING = "alertPending";
    public static final String ALERT_QUEUED_AT = "alertQueuedAt";
    public static final String ALERT_SENT_TO = "alertSentTo";
    /** The worker that holds the alert's claim, and until when: only it sends the alert meanwhile. */
    public static final String ALERT_CLAIM_OWNER = "alertClaimOwner";

    public static final String ALERT_CLAIM_UNTIL = "alertClaimUntil";
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";

    /** DynamoDB's limits on key values, in UTF-8 bytes. */
    public static final int MAX_PARTITION_KEY_BYTES = 2048;

    public static final int MAX_SORT_KEY_BYTES = 1024;

    private static final String DIGEST_MARK = "~sha256:";

    private AuditTable() {}

    /**
     * {@code key} itself when it fits in {@code maxBytes} of UTF-8, as every key of a usual table does;
     * otherwise its beginning and a digest of the whole ({@code …~sha256:<hex>}), so that the longest item
     * keys DynamoDB allows still make audit keys it accepts, and two keys never share one.
     */
    public static String bounded(String key, int maxBytes) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= maxBytes && !key.contains(DIGEST_MARK)) {
            return key; // a key that carries the mark is digested too, so none can pose as another's digest
        }
        MessageDigest digest = Sha256.digest();
        digest.update(utf8);
        String suffix = DIGEST_MARK + Sha256.first128Hex(digest);
        int budget = maxBytes / 2;
        StringBuilder prefix = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < key.length(); ) {
            int codePoint = key.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > budget) {
                break;
            }
            prefix.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return prefix + suffix;
    }

    /** Creates the table with its index and TTL; returns false when it already existed. */
    public static boolean create(DynamoDbClient dynamoDb, String tableName) {
        try {
            dynamoDb.createTable(CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            string(PK),
                            string(SK),
                            string(RULE_DAY),
                            string(DETECTED_AT),
                            string(ALERT_PENDING),
                            string(ALERT_QUEUED_AT))
                    .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(byRuleIndex(), pendingAlertsIndex())
                    .build());
        } catch (ResourceInUseException e) {
            addPendingAlertsIndexIfMissing(dynamoDb, tableName);
            return false;
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .attributeName(EXPIRES_AT)
                        .enabled(true)
                        .build()));
        return true;
    }

    /** Audit tables made before the alert outbox get its index (DynamoDB backfills it from existing items). */
    private static void addPendingAlertsIndexIfMissing(DynamoDbClient dynamoDb, String tableName) {
        TableDescription table =
                dynamoDb.describeTable(b -> b.tableName(tableName)).table();
        boolean present = table.hasGlobalSecondaryIndexes()
                && table.globalSecondaryIndexes().stream()
                        .anyMatch(index -> PENDING_ALERTS_INDEX.equals(index.indexName()));
        if (present) {
            return;
        }
        GlobalSecondaryIndex index = pendingAlertsIndex();
        dynamoDb.updateTable(b -> b.tableName(tableName)
                .attributeDefinitions(string(ALERT_PENDING), string(ALERT_QUEUED_AT))
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                        .create(CreateGlobalSecondaryIndexAction.builder()
                                .indexName(index.indexName())
                                .keySchema(index.keySchema())
                                .projection(index.projection())
                                .build())
                        .build()));
    }

    private static GlobalSecondaryIndex byRuleIndex() {
        return GlobalSecondaryIndex.builder()
                .indexName(BY_RULE_INDEX)
                .keySchema(key(RULE_DAY, KeyType.HASH), key(DETECTED_AT, KeyType.RANGE))
                .projection(
                        Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    private static GlobalSecondaryIndex pendingAlertsIndex() {
        return GlobalSecondaryIndex.builder()
                .indexName(PENDING_ALERTS_INDEX)
                .keySchema(key(ALERT_PENDING, KeyType.HASH), key(ALERT_QUEUED_AT, KeyType.RANGE))
                .projection(
                        Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** The index shard of a finding: its id's hash, so a finding always lands on the same one. */
    public static int indexShard(String findingId) {
        return Math.floorMod(findingId.hashCode(), INDEX_SHARDS);
    }

    /**
     * Every key an index key {@code base} is spread over, and {@code base} itself, which rows written before the
     * sharding carry.
     */
    public static List<String> indexKeys(String base) {
        List<String> keys = new ArrayList<>(INDEX_SHARDS + 1);
        for (int shard = 0; shard < INDEX_SHARDS; shard++) {
            keys.add(shardedKey(base, shard));
        }
        keys.add(bounded(base, MAX_PARTITION_KEY_BYTES));
        return keys;
    }

    /** {@code base} on shard {@code shard}. */
    public static String shardedKey(String base, int shard) {
        return bounded(base + "#" + shard, MAX_PARTITION_KEY_BYTES);
    }
}
