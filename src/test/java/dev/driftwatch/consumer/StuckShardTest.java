package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import dev.driftwatch.audit.InMemoryAuditWriter;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.ops.DaemonMetrics;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.record.ChangeRecordDecoder;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.SeverityPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Issue 16 item 4: a batch whose audit write keeps failing is visible: the lag counts from its oldest
 * record while it is retried, and past the stuck threshold /health says DEGRADED with the cause and the
 * shard's stuck gauge is 1. Before the fix the shard retried with no lag series at all.
 */
class StuckShardTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static DynamoDBStreamsClientRecord insert(String sequence, Instant created) {
        Map<String, AttributeValue> image =
                Map.of("sku", AttributeValue.fromS("A-" + sequence), "quantity", AttributeValue.fromN("-1"));
        return DynamoDBStreamsClientRecord.fromRecord(Record.builder()
                .eventName(OperationType.INSERT)
                .dynamodb(StreamRecord.builder()
                        .keys(Map.of("sku", image.get("sku")))
                        .newImage(image)
                        .sequenceNumber(sequence)
                        .approximateCreationDateTime(created)
                        .build())
                .build());
    }

    @Test
    void processRecords_auditWriteFailingPastTheThreshold_lagFromOldestRecordAndHealthDegraded() throws Exception {
        TableConfig table = TableConfig.named("inventory");
        InMemoryAuditWriter writer = new InMemoryAuditWriter();
        writer.failNext(Integer.MAX_VALUE);
        DaemonMetrics metrics = new DaemonMetrics(
                "inventory", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(20), Duration.ofMillis(50));
        AuditPipeline pipeline = new AuditPipeline(
                new RuleEngine(
                        BuiltInRules.forTable(table), SeverityPolicy.DEFAULTS, Clock.systemUTC(), "writer", "writeId"),
                writer,
                finding -> {},
                Severity.ERROR,
                metrics,
                Optional.empty());
        AtomicBoolean stopping = new AtomicBoolean();
        ShardProcessor processor =
                new ShardProcessor(pipeline, new ChangeRecordDecoder(table), stopping::get, new Backoff(5, 10));
        processor.initialize(InitializationInput.builder()
                .shardId("shardId-0007")
                .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON)
                .build());
        Thread shard = new Thread(() -> processor.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                .records(List.of(insert("100", NOW.minus(Duration.ofMinutes(90))), insert("101", NOW.minusSeconds(60))))
                .checkpointer(new RecordingCheckpointer())
                .build()));
        shard.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (metrics.health().reasons().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String scrape = metrics.scrape();
            assertTrue(
                    scrape.contains("driftwatch_shard_lag_seconds{shard=\"shardId-0007\",table=\"inventory\"} 5400.0"),
                    scrape);
            assertTrue(
                    scrape.contains("driftwatch_shard_stuck{shard=\"shardId-0007\",table=\"inventory\"} 1.0"), scrape);
            dev.driftwatch.ops.Health health = metrics.health();
            assertEquals("DEGRADED", health.status());
            assertTrue(
                    health.reasons().get(0).startsWith("shard shardId-0007: batch of 2 records retried for "),
                    health.reasons().toString());
            assertTrue(
                    health.reasons().get(0).contains("AuditWriteException: injected failure"),
                    health.reasons().toString());
        } finally {
            stopping.set(true);
            shard.join(5_000);
        }
        assertEquals(false, shard.isAlive());
    }
}
