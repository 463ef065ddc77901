package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import dev.driftwatch.audit.InMemoryAuditWriter;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.record.ChangeRecordDecoder;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.SeverityPolicy;
import dev.driftwatch.streamgap.LeaseChains;
import dev.driftwatch.streamgap.StreamGapCheck;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/** The record processor over KCL's own input types: shard end, failures, checkpoints (moto never ends a shard). */
class ShardProcessorTest {
    private final InMemoryAuditWriter writer = new InMemoryAuditWriter();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final RecordingCheckpointer checkpointer = new RecordingCheckpointer();
    private ShardProcessor processor;

    private static final TableConfig TABLE = TableConfig.named("inventory");

    /** The built-in rules into the in-memory writer, alerting nobody. */
    private AuditPipeline pipeline() {
        return new AuditPipeline(
                new RuleEngine(
                        BuiltInRules.forTable(TABLE), SeverityPolicy.DEFAULTS, Clock.systemUTC(), "writer", "writeId"),
                writer,
                finding -> {},
                Severity.ERROR);
    }

    @BeforeEach
    void processor() {
        processor = new ShardProcessor(pipeline(), new ChangeRecordDecoder(TABLE), stopping::get, new Backoff(1, 2));
        processor.initialize(InitializationInput.builder()
                .shardId("shardId-0001")
                .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON)
                .build());
    }

    private static Map<String, AttributeValue> item(long quantity, long version) {
        return Map.of(
                "sku",
                AttributeValue.fromS("A-1"),
                "quantity",
                AttributeValue.fromN(Long.toString(quantity)),
                "version",
                AttributeValue.fromN(Long.toString(version)));
    }

    private static DynamoDBStreamsClientRecord modify(
            String sequence, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        StreamRecord.Builder stream = StreamRecord.builder()
                .keys(Map.of("sku", AttributeValue.fromS("A-1")))
                .sequenceNumber(sequence)
                .approximateCreationDateTime(Instant.parse("2026-11-25T10:00:00Z"))
                .newImage(newImage);
        if (oldImage != null) {
            stream.oldImage(oldImage);
        }
        return DynamoDBStreamsClientRecord.fromRecord(Record.builder()
                .eventName(OperationType.MODIFY)
                .dynamodb(stream.build())
                .build());
    }

    private void process(DynamoDBStreamsClientRecord... records) {
        processor.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                .records(List.of(records))
                .checkpointer(checkpointer)
                .build());
    }

    private List<String> storedRules() {
        return writer.stored().stream().map(Finding::ruleId).collect(Collectors.toList());
    }

    /**
     * Issue 16 item 2: a lease that starts from a checkpoint the stream has trimmed resumes at the oldest
     * record still held. That jump is a shard-level DRIFT finding stored with the first batch, once.
     */
    @Test
    void processRecords_checkpointTrimmed_oneShardLevelDriftFindingWithTheFirstBatch() {
        ShardProcessor trimmed = new ShardProcessor(
                pipeline(),
                new ChangeRecordDecoder(TABLE),
                stopping::get,
                new Backoff(1, 2),
                (shard, sequence) -> shard.equals("shardId-0002") && sequence.equals("500"),
                "stream",
                java.util.Optional.empty());
        trimmed.initialize(InitializationInput.builder()
                .shardId("shardId-0002")
                .extendedSequenceNumber(new ExtendedSequenceNumber("500"))
                .build());

        trimmed.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                .records(List.of(modify("900", item(5, 1), item(4, 2))))
                .checkpointer(checkpointer)
                .build());
        trimmed.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                .records(List.of(modify("901", item(4, 2), item(3, 3))))
                .checkpointer(checkpointer)
                .build());

        List<Finding> gaps = writer.stored().stream()
                .filter(f -> f.ruleId().equals(RuleEngine.STREAM_TRIMMED))
                .toList();
        assertEquals(1, gaps.size(), writer.stored().toString());
        Finding gap = gaps.get(0);
        assertEquals(dev.driftwatch.finding.FindingClass.DRIFT, gap.findingClass());
        assertEquals("(shard shardId-0002)", gap.itemKey());
        assertEquals("trimmed-after-500", gap.sequenceNumber());
        assertTrue(
                gap.message().contains("after sequence 500") && gap.message().contains("(sequence 900"), gap.message());
        assertEquals(List.of("900", "901"), checkpointer.checkpoints);
    }

    @Test
    void initialize_checkpointStillHeld_noGap() {
        process(modify("10", item(5, 1), item(4, 2)));
        assertEquals(
                List.of(),
                writer.stored().stream()
                        .filter(f -> f.ruleId().equals(RuleEngine.STREAM_TRIMMED))
                        .toList());
    }

    @Test
    void processRecords_batchStored_checkpointsItsLastSequenceNumber() {
        process(modify("10", item(5, 1), item(4, 2)), modify("11", item(4, 2), item(3, 2)));
        assertEquals(List.of("version-not-incremented"), storedRules());
        assertEquals(List.of("11"), checkpointer.checkpoints);
    }

    /** A processor of {@code shardId} that checkpoints at most once an hour (and when caught up), its lease begun. */
    private ShardProcessor coalescing(String shardId) {
        ShardProcessor processor = new ShardProcessor(
                pipeline(),
                new ChangeRecordDecoder(TABLE),
                stopping::get,
                new Backoff(1, 2),
                CheckpointProbe.NONE,
                "stream",
                java.util.Optional.empty(),
                java.time.Duration.ofHours(1));
        processor.initialize(InitializationInput.builder()
                .shardId(shardId)
                .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON)
                .build());
        return processor;
    }

    /**
     * Issue 19: a checkpoint (and a ledger write) per batch is what a slow stream pays per record; a busy shard is
     * checkpointed at most once per interval, and at once when the reader is caught up.
     */
    @Test
    void processRecords_busyShardWithinTheInterval_checkpointsFirstBatchThenWhenCaughtUp() {
        ShardProcessor coalescing = coalescing("shardId-0003");
        for (String sequence : List.of("30", "31", "32")) {
            coalescing.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                    .records(List.of(modify(sequence, item(5, 1), item(5, 2))))
                    .checkpointer(checkpointer)
                    .build());
        }
        List<String> whileBusy = List.copyOf(checkpointer.checkpoints);

        coalescing.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                .records(List.of())
                .checkpointer(checkpointer)
                .build());

        assertEquals(List.of("30"), whileBusy);
        assertEquals(List.of("30", "32"), checkpointer.checkpoints);
    }

    @Test
    void shutdownRequested_busyShardWithinTheInterval_checkpointsTheLastStoredBatch() {
        ShardProcessor coalescing = coalescing("shardId-0004");
        for (String sequence : List.of("40", "41")) {
            coalescing.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                    .records(List.of(modify(sequence, item(5, 1), item(5, 2))))
                    .checkpointer(checkpointer)
                    .build());
        }
        RecordingCheckpointer atShutdown = new RecordingCheckpointer();

        coalescing.shutdownRequested(
                ShutdownRequestedInput.builder().checkpointer(atShutdown).build());

        assertEquals(List.of("40"), checkpointer.checkpoints);
        assertEquals(List.of("41"), atShutdown.checkpoints);
    }

    @Test
    void processRecords_undecodableRecord_inputFindingAndShardMovesOn() {
        process(modify("20", null, item(1, 1)), modify("21", item(1, 1), item(-1, 2)));
        assertEquals(java.util.Set.of("undecodable-record", "negative-stock"), java.util.Set.copyOf(storedRules()));
        Finding input = writer.stored().stream()
                .filter(f -> f.ruleId().equals("undecodable-record"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "record could not be decoded: MODIFY record needs an old image (stream view NEW_AND_OLD_IMAGES)",
                input.message());
        assertEquals("20", input.sequenceNumber());
        assertEquals(List.of("21"), checkpointer.checkpoints);
    }

    @Test
    void processRecords_auditWriteFailsTwice_retriesThenCheckpointsOnce() {
        writer.failNext(2);
        process(modify("30", item(5, 1), item(4, 1)));
        assertEquals(3, writer.calls());
        assertEquals(List.of("version-not-incremented"), storedRules());
        assertEquals(List.of("30"), checkpointer.checkpoints);
    }

    @Test
    void processRecords_auditWriteFailsWhileStopping_noCheckpointSoTheBatchComesAgain() {
        stopping.set(true);
        writer.failNext(1);
        process(modify("40", item(5, 1), item(4, 1)));
        assertEquals(List.of(), checkpointer.checkpoints);
        assertEquals(List.of(), writer.stored());
    }

    @Test
    void shutdownRequested_afterStoredBatch_checkpointsLastDurableSequence() {
        process(modify("50", item(5, 1), item(4, 2)));
        RecordingCheckpointer atShutdown = new RecordingCheckpointer();
        processor.shutdownRequested(
                ShutdownRequestedInput.builder().checkpointer(atShutdown).build());
        assertEquals(List.of("50"), atShutdown.checkpoints);
    }

    @Test
    void shutdownRequested_nothingStored_noCheckpoint() {
        RecordingCheckpointer atShutdown = new RecordingCheckpointer();
        processor.shutdownRequested(
                ShutdownRequestedInput.builder().checkpointer(atShutdown).build());
        assertEquals(List.of(), atShutdown.checkpoints);
    }

    @Test
    void shardEnded_afterLastBatch_checkpointsShardEnd() {
        process(modify("60", item(5, 1), item(4, 2)));
        RecordingCheckpointer atEnd = new RecordingCheckpointer();
        processor.shardEnded(ShardEndedInput.builder().checkpointer(atEnd).build());
        assertEquals(List.of("latest"), atEnd.checkpoints);
    }

    /** A parent's lease read to its end by this worker, then its child from {@code childStart}: the child's findings. */
    private List<String> childAfterParent(ExtendedSequenceNumber childStart) {
        AuditPipeline chained = new AuditPipeline(
                new RuleEngine(List.of(), SeverityPolicy.DEFAULTS, Clock.systemUTC(), "writer", "writeId"),
                writer,
                finding -> {},
                Severity.ERROR,
                dev.driftwatch.pipeline.PipelineObserver.NONE,
                java.util.Optional.of(new StreamGapCheck(TABLE, new LeaseChains(100))));
        CheckpointProbe lineage = new CheckpointProbe() {
            @Override
            public boolean trimmedAfter(String shardId, String sequenceNumber) {
                return false;
            }

            @Override
            public java.util.Optional<String> parentOf(String shardId) {
                return java.util.Optional.of("shardId-parent").filter(p -> shardId.equals("shardId-child"));
            }
        };
        ShardProcessor parent = new ShardProcessor(
                chained,
                new ChangeRecordDecoder(TABLE),
                stopping::get,
                new Backoff(1, 2),
                lineage,
                "stream",
                java.util.Optional.empty());
        parent.initialize(InitializationInput.builder()
                .shardId("shardId-parent")
                .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON)
                .build());
        parent.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                .records(List.of(modify("100", item(10, 1), item(9, 2))))
                .checkpointer(checkpointer)
                .build());
        parent.shardEnded(ShardEndedInput.builder()
                .checkpointer(new RecordingCheckpointer())
                .build());
        ShardProcessor child = new ShardProcessor(
                chained,
                new ChangeRecordDecoder(TABLE),
                stopping::get,
                new Backoff(1, 2),
                lineage,
                "stream",
                java.util.Optional.empty());
        child.initialize(InitializationInput.builder()
                .shardId("shardId-child")
                .extendedSequenceNumber(childStart)
                .build());
        // version 2 → 3 never read: the child's record starts from version 3
        child.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                .records(List.of(modify("300", item(8, 3), item(7, 4))))
                .checkpointer(checkpointer)
                .build());
        return storedRules();
    }

    /** Issue 19 item 3: the in-memory stream-gap chain runs from a parent this worker finished into its child. */
    @Test
    void initialize_childFromItsStartAfterThisWorkerEndedTheParent_gapAcrossTheShardsIsFound() {
        assertEquals(List.of(BuiltInRules.STREAM_GAP), childAfterParent(ExtendedSequenceNumber.TRIM_HORIZON));
    }

    @Test
    void initialize_childFromAnotherWorkersCheckpoint_noGapFromAStaleChain() {
        assertEquals(List.of(), childAfterParent(new ExtendedSequenceNumber("200")));
    }

    /**
     * After a stream is replaced the lease table holds leases of both streams: a worker that reads one stream may
     * hold a lease of the other, whose reader meets "no such shard" and reports its end. Checkpointing SHARD_END
     * there would end the other stream's shard unread.
     */
    @Test
    void shardEnded_shardTheStreamDoesNotHold_notCheckpointed() {
        CheckpointProbe otherStream = new CheckpointProbe() {
            @Override
            public boolean trimmedAfter(String shardId, String sequenceNumber) {
                return false;
            }

            @Override
            public boolean holds(String shardId) {
                return false;
            }
        };
        ShardProcessor foreign = new ShardProcessor(
                pipeline(),
                new ChangeRecordDecoder(TABLE),
                stopping::get,
                new Backoff(1, 2),
                otherStream,
                "stream",
                java.util.Optional.empty());
        foreign.initialize(InitializationInput.builder()
                .shardId("shardId-of-the-new-stream")
                .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON)
                .build());
        RecordingCheckpointer atEnd = new RecordingCheckpointer();

        foreign.shardEnded(ShardEndedInput.builder().checkpointer(atEnd).build());

        assertEquals(List.of(), atEnd.checkpoints);
    }

    @Test
    void processRecords_emptyBatch_neitherWritesNorCheckpoints() {
        process();
        assertEquals(0, writer.calls());
        assertEquals(List.of(), checkpointer.checkpoints);
    }

    @Test
    void processRecords_fourHundredKilobyteItem_checkedAndCheckpointed() {
        Map<String, AttributeValue> big = new java.util.HashMap<>(item(1, 1));
        big.put("blob", AttributeValue.fromS("x".repeat(400 * 1024)));
        Map<String, AttributeValue> bigger = new java.util.HashMap<>(big);
        bigger.put("quantity", AttributeValue.fromN("-4"));
        bigger.put("version", AttributeValue.fromN("2"));
        process(modify("70", big, bigger));
        assertEquals(List.of("negative-stock"), storedRules());
        assertEquals(List.of("70"), checkpointer.checkpoints);
    }

    @Test
    void processRecords_deeplyNestedAttributes_checkedAndCheckpointed() {
        AttributeValue nested = AttributeValue.fromS("leaf");
        for (int depth = 0; depth < 32; depth++) {
            nested = depth % 2 == 0 ? AttributeValue.fromM(Map.of("m", nested)) : AttributeValue.fromL(List.of(nested));
        }
        Map<String, AttributeValue> before = new java.util.HashMap<>(item(3, 1));
        before.put("deep", nested);
        Map<String, AttributeValue> after = new java.util.HashMap<>(before);
        after.put("version", AttributeValue.fromN("1"));
        after.put("quantity", AttributeValue.fromN("2"));
        process(modify("71", before, after));
        assertEquals(List.of("version-not-incremented"), storedRules());
        assertEquals(List.of("71"), checkpointer.checkpoints);
    }
}
