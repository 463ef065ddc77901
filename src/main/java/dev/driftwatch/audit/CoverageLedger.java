package dev.driftwatch.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * What the daemon has audited, per stream and shard, in the audit table: {@code pk = coverage#<table>}, a row
 * {@code sk = shard#<stream ARN>#<shard>} with the first and last sequence numbers and creation times audited
 * and the count of records, advanced with one conditional UpdateItem per checkpoint (before it);
 * and a row {@code sk = hole#<stream ARN>#<shard>#<sequence>} per stretch of a shard the audit may never have
 * seen, or {@code sk = hole#<stream ARN>#stream#<position>} for changes no stream read holds any more; a row
 * {@code sk = stream#<stream ARN>} with the last time a reader of the stream was caught up; and a row {@code sk =
 * baseline} with the time reconcile last adopted the items the trail had never seen. {@code driftwatch
 * coverage} reads them.
 */
public final class CoverageLedger {
    /** One shard's audited stretch. Sequence numbers are zero-padded to 40 digits so that text order is number order. */
    public record Shard(
            String streamArn,
            String shardId,
            String firstSequence,
            String lastSequence,
            Instant firstRecordAt,
            Instant lastRecordAt,
            long records) {}

    /**
     * Changes that may never have been audited: on a shard, after {@code afterSequence} (created {@code from},
     * when the ledger knew it) up to the record read next, {@code resumedAt}, created {@code until}; or on a whole
     * stream (shard {@value #WHOLE_STREAM}, no sequence numbers), made after {@code from} and before {@code until}.
     *
     * @param cause what made the hole, in words
     * @param recordedAt when the daemon recorded it (an expiry's window ends a day before that)
     */
    public record Hole(
            String streamArn,
            String shardId,
            String afterSequence,
            String resumedAt,
            Optional<Instant> from,
            Instant until,
            String cause,
            Optional<Instant> recordedAt) {
        public boolean wholeStream() {
            return shardId.equals(WHOLE_STREAM);
        }

        /** Whether the hole reaches {@code from} or later, or was recorded then (an expiry's window ends earlier). */
        public boolean openAtOrAfter(Instant from) {
            return !until.isBefore(from)
                    || recordedAt.filter(at -> !at.isBefore(from)).isPresent();
        }
    }

    /** The shard of a hole that spans a whole stream. */
    public static final String WHOLE_STREAM = "(stream)";

    static final String TRIMMED_CAUSE = "the shard's checkpoint was trimmed from the stream";

    /** The partition key prefix of the ledger's rows. */
    public static final String PARTITION_PREFIX = "coverage#";

    private static final String STREAM = "streamArn";
    private static final String SHARD = "shardId";
    private static final String FIRST = "firstSequence";
    private static final String LAST = "lastSequence";
    private static final String FIRST_AT = "firstRecordAt";
    private static final String LAST_AT = "lastRecordAt";
    private static final String RECORDS = "records";
    private static final String RESUMED_AT = "resumedAt";
    private static final String FROM = "from";
    private static final String UNTIL = "until";
    private static final String CAUSE = "cause";
    private static final String CAUGHT_UP_AT = "caughtUpAt";
    private static final String ENDED = "ended";
    private static final String RECORDED_AT = "recordedAt";
    private static final String BASELINE_SK = "baseline";
    private static final String TAKEN_AT = "takenAt";
    private static final String ADOPTED = "adopted";

    private final DynamoDbAsyncClient dynamoDb;
    private final String auditTable;
    private final String watchedTable;

    public CoverageLedger(DynamoDbAsyncClient dynamoDb, String auditTable, String watchedTable) {
        this.dynamoDb = dynamoDb;
        this.auditTable = auditTable;
        this.watchedTable = watchedTable;
    }

    /**
     * Records that a stretch of {@code records} records from {@code firstSequence} to {@code lastSequence} is
     * stored (the batches since the shard's last checkpoint). A stretch redelivered whole (its last sequence not
     * beyond the ledger's) changes nothing; one that overlaps the ledger's end after a failover (a checkpoint that
     * failed, a lease lost between checkpoints) adds its records again, so the count is at least the records
     * audited.
     *
     * @throws AuditWriteException when the ledger could not be written (the batch is retried)
     */
    public void covered(
            String streamArn,
            String shardId,
            String firstSequence,
            String lastSequence,
            long records,
            Instant firstRecordAt,
            Instant lastRecordAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":stream", s(streamArn));
        values.put(":shard", s(shardId));
        values.put(":first", s(padded(firstSequence)));
        values.put(":last", s(padded(lastSequence)));
        values.put(":firstAt", s(FindingItems.time(firstRecordAt)));
        values.put(":lastAt", s(FindingItems.time(lastRecordAt)));
        values.put(":n", AttributeValue.fromN(Long.toString(records)));
        try {
            dynamoDb.updateItem(b -> b.tableName(auditTable)
                            .key(key("shard#" + streamArn + "#" + shardId))
                            .updateExpression("SET " + STREAM + " = :stream, " + SHARD + " = :shard, " + LAST
                                    + " = :last, " + LAST_AT + " = :lastAt, " + FIRST + " = if_not_exists(" + FIRST
                                    + ", :first), " + FIRST_AT + " = if_not_exists(" + FIRST_AT + ", :firstAt) ADD "
                                    + RECORDS + " :n")
                            .conditionExpression("attribute_not_exists(" + LAST + ") OR " + LAST + " < :last")
                            .expressionAttributeValues(values))
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                return; // recorded before: a redelivery
            }
            throw failure("advancing the coverage ledger", e);
        }
    }

    /**
     * Records a stretch of a shard that may never have been audited. The same hole recorded again (by a second
     * worker, or a retried batch) is the same row.
     */
    public void hole(String streamArn, String shardId, String afterSequence, String resumedAt, Instant until) {
        hole(streamArn, shardId, afterSequence, resumedAt, until, TRIMMED_CAUSE);
    }

    /** The same, with its cause in words. */
    public void hole(
            String streamArn, String shardId, String afterSequence, String resumedAt, Instant until, String cause) {
        Optional<Instant> from = lastRecordAt(streamArn, shardId);
        Map<String, AttributeValue> item =
                new HashMap<>(key("hole#" + streamArn + "#" + shardId + "#" + afterSequence));
        item.put(STREAM, s(streamArn));
        item.put(SHARD, s(shardId));
        item.put(LAST, s(afterSequence));
        item.put(RESUMED_AT, s(resumedAt));
        from.ifPresent(at -> item.put(FROM, s(FindingItems.time(at))));
        item.put(UNTIL, s(FindingItems.time(until)));
        item.put(CAUSE, s(cause));
        item.put(RECORDED_AT, s(FindingItems.time(Instant.now())));
        put(item);
    }

    /**
     * Records changes of a whole stream that may never have been audited, made after {@code from} and before
     * {@code until}; {@code position} names the loss, so finding it again writes the same row.
     */
    public void lost(String streamArn, String position, Optional<Instant> from, Instant until, String cause) {
        Map<String, AttributeValue> item = new HashMap<>(key("hole#" + streamArn + "#stream#" + position));
        item.put(STREAM, s(streamArn));
        item.put(SHARD, s(WHOLE_STREAM));
        item.put(LAST, s(""));
        item.put(RESUMED_AT, s(""));
        from.ifPresent(at -> item.put(FROM, s(FindingItems.time(at))));
        item.put(UNTIL, s(FindingItems.time(until)));
        item.put(CAUSE, s(cause));
        item.put(RECORDED_AT, s(FindingItems.time(Instant.now())));
        put(item);
    }

    /**
     * Records that a reader of {@code streamArn} was caught up at {@code at}: with the newest record audited, it
     * tells when the audit of the stream was last known complete. One row per stream, never moved back.
     */
    public void caughtUp(String streamArn, Instant at) {
        try {
            dynamoDb.updateItem(b -> b.tableName(auditTable)
                            .key(key("stream#" + streamArn))
                            .updateExpression("SET " + STREAM + " = :stream, " + CAUGHT_UP_AT + " = :at")
                            .conditionExpression(
                                    "attribute_not_exists(" + CAUGHT_UP_AT + ") OR " + CAUGHT_UP_AT + " < :at")
                            .expressionAttributeValues(
                                    Map.of(":stream", s(streamArn), ":at", s(FindingItems.time(at)))))
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                return; // a later time is recorded
            }
            throw failure("recording a caught-up reader", e);
        }
    }

    /**
     * Records that reconcile took the table's baseline at {@code takenAt}: {@code adopted} items the audit trail
     * had never seen were adopted as they were then. The latest baseline wins.
     */
    public void baselineTaken(Instant takenAt, long adopted) {
        try {
            dynamoDb.updateItem(b -> b.tableName(auditTable)
                            .key(key(BASELINE_SK))
                            .updateExpression("SET " + TAKEN_AT + " = :at, " + ADOPTED + " = :n")
                            .expressionAttributeValues(Map.of(
                                    ":at",
                                    s(FindingItems.time(takenAt)),
                                    ":n",
                                    AttributeValue.fromN(Long.toString(adopted)))))
                    .join();
        } catch (CompletionException e) {
            throw failure("recording the baseline", e);
        }
    }

    /** When reconcile last took the table's baseline; empty when it never did. */
    public Optional<Instant> baseline() {
        try {
            Map<String, AttributeValue> row = dynamoDb.getItem(
                            b -> b.tableName(auditTable).key(key(BASELINE_SK)).consistentRead(true))
                    .join()
                    .item();
            return row == null || !row.containsKey(TAKEN_AT)
                    ? Optional.empty()
                    : Optional.of(Instant.parse(row.get(TAKEN_AT).s()));
        } catch (CompletionException e) {
            throw failure("reading the baseline", e);
        }
    }

    /** Records that the reader reached the end of a closed shard: every record of it was audited. */
    public void ended(String streamArn, String shardId) {
        try {
            dynamoDb.updateItem(b -> b.tableName(auditTable)
                            .key(key("shard#" + streamArn + "#" + shardId))
                            .updateExpression(
                                    "SET " + STREAM + " = :stream, " + SHARD + " = :shard, " + ENDED + " = :t")
                            .expressionAttributeValues(Map.of(
                                    ":stream",
                                    s(streamArn),
                                    ":shard",
                                    s(shardId),
                                    ":t",
                                    AttributeValue.fromBool(true))))
                    .join();
        } catch (CompletionException e) {
            throw failure("recording a shard's end", e);
        }
    }

    /** The shards of {@code streamArn} whose end the reader reached. */
    public java.util.Set<String> endedShards(String streamArn) {
        java.util.Set<String> ended = new java.util.TreeSet<>();
        for (Map<String, AttributeValue> row : rows("shard#" + streamArn + "#")) {
            if (row.containsKey(ENDED) && Boolean.TRUE.equals(row.get(ENDED).bool())) {
                ended.add(row.get(SHARD).s());
            }
        }
        return ended;
    }

    /**
     * Per stream the ledger knows, when its audit was last known complete: the newest record audited or the last
     * time a reader was caught up, whichever is later.
     */
    public Map<String, Instant> lastSeenByStream() {
        Map<String, Instant> seen = new HashMap<>();
        for (Shard shard : shards()) {
            seen.merge(shard.streamArn(), shard.lastRecordAt(), CoverageLedger::later);
        }
        for (Map<String, AttributeValue> row : rows("stream#")) {
            if (row.containsKey(STREAM) && row.containsKey(CAUGHT_UP_AT)) {
                seen.merge(
                        row.get(STREAM).s(), Instant.parse(row.get(CAUGHT_UP_AT).s()), CoverageLedger::later);
            }
        }
        return seen;
    }

    /** True when readers of {@code streamArn} leave heartbeats in the ledger (a daemon of this version read it). */
    public boolean heartbeats(String streamArn) {
        return !rows("stream#" + streamArn).isEmpty();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void put(Map<String, AttributeValue> item) {
        try {
            dynamoDb.putItem(b -> b.tableName(auditTable).item(item)).join();
        } catch (CompletionException e) {
            throw failure("recording a coverage hole", e);
        }
    }

    /** Every shard the ledger knows, in stream and shard order. */
    public List<Shard> shards() {
        List<Shard> shards = new ArrayList<>();
        for (Map<String, AttributeValue> row : rows("shard#")) {
            if (!row.containsKey(LAST)) {
                continue; // a shard that ended before any record was audited: nothing to show
            }
            shards.add(new Shard(
                    row.get(STREAM).s(),
                    row.get(SHARD).s(),
                    row.get(FIRST).s(),
                    row.get(LAST).s(),
                    Instant.parse(row.get(FIRST_AT).s()),
                    Instant.parse(row.get(LAST_AT).s()),
                    Long.parseLong(row.get(RECORDS).n())));
        }
        return shards;
    }

    /** Every hole recorded, in stream and shard order. */
    public List<Hole> holes() {
        List<Hole> holes = new ArrayList<>();
        for (Map<String, AttributeValue> row : rows("hole#")) {
            holes.add(new Hole(
                    row.get(STREAM).s(),
                    row.get(SHARD).s(),
                    row.get(LAST).s(),
                    row.get(RESUMED_AT).s(),
                    Optional.ofNullable(row.get(FROM)).map(at -> Instant.parse(at.s())),
                    Instant.parse(row.get(UNTIL).s()),
                    row.containsKey(CAUSE) ? row.get(CAUSE).s() : TRIMMED_CAUSE,
                    Optional.ofNullable(row.get(RECORDED_AT)).map(at -> Instant.parse(at.s()))));
        }
        return holes;
    }

    /** The one shard row's last creation time, read by its key. */
    private Optional<Instant> lastRecordAt(String streamArn, String shardId) {
        return shardRow(streamArn, shardId)
                .filter(row -> row.containsKey(LAST_AT))
                .map(row -> Instant.parse(row.get(LAST_AT).s()));
    }

    /** The sequence number of the last record audited on the shard, when the ledger has one. */
    public Optional<String> lastAudited(String streamArn, String shardId) {
        return shardRow(streamArn, shardId)
                .filter(row -> row.containsKey(LAST))
                .map(row -> new java.math.BigInteger(row.get(LAST).s()).toString());
    }

    private Optional<Map<String, AttributeValue>> shardRow(String streamArn, String shardId) {
        try {
            Map<String, AttributeValue> row = dynamoDb.getItem(b -> b.tableName(auditTable)
                            .key(key("shard#" + streamArn + "#" + shardId))
                            .consistentRead(true))
                    .join()
                    .item();
            return row == null || row.isEmpty() ? Optional.empty() : Optional.of(row);
        } catch (CompletionException e) {
            throw failure("reading the coverage ledger", e);
        }
    }

    private List<Map<String, AttributeValue>> rows(String prefix) {
        List<Map<String, AttributeValue>> rows = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamoDb.query(b -> b.tableName(auditTable)
                            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                            .expressionAttributeNames(Map.of("#pk", AuditTable.PK, "#sk", AuditTable.SK))
                            .expressionAttributeValues(Map.of(":pk", s(partition()), ":prefix", s(prefix)))
                            .exclusiveStartKey(from)
                            .consistentRead(true))
                    .join();
            rows.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return rows;
    }

    private String partition() {
        return AuditTable.bounded(PARTITION_PREFIX + watchedTable, AuditTable.MAX_PARTITION_KEY_BYTES);
    }

    private Map<String, AttributeValue> key(String sortKey) {
        return Map.of(
                AuditTable.PK, s(partition()),
                AuditTable.SK, s(AuditTable.bounded(sortKey, AuditTable.MAX_SORT_KEY_BYTES)));
    }

    /** Zero-padded to 40 digits, so that text order is number order (DynamoDB sequence numbers are digits). */
    static String padded(String sequence) {
        return sequence.length() >= 40 ? sequence : "0".repeat(40 - sequence.length()) + sequence;
    }

    /** An SDK failure as a retryable audit-write failure; anything else as it was. */
    private RuntimeException failure(String what, CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return cause instanceof SdkException
                ? new AuditWriteException(what + " in " + auditTable + " failed: " + cause, cause, List.of())
                : e;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
