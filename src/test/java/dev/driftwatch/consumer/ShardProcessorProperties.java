package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import dev.driftwatch.audit.InMemoryAuditWriter;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.record.ChangeRecordDecoder;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.SeverityPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Bad input never stalls a shard: whatever the images hold, processRecords returns, checkpoints the
 * batch, and every record that cannot be decoded yields exactly one INPUT finding. Built-in rules
 * never throw on a record that decodes.
 */
class ShardProcessorProperties {
    private static final TableConfig TABLE = TableConfig.named("inventory");

    @Provide
    Arbitrary<List<Record>> batches() {
        return StreamRecordArbitraries.records()
                .list()
                .ofMinSize(1)
                .ofMaxSize(20)
                .filter(batch -> batch.stream()
                                .map(r -> r.dynamodb().sequenceNumber())
                                .distinct()
                                .count()
                        == batch.size());
    }

    @Property(tries = 300, edgeCases = net.jqwik.api.EdgeCasesMode.FIRST)
    void processRecords_arbitraryBatch_neverThrowsAndAccountsForEveryRecord(@ForAll("batches") List<Record> batch) {
        InMemoryAuditWriter writer = new InMemoryAuditWriter();
        AuditPipeline pipeline = new AuditPipeline(
                new RuleEngine(
                        BuiltInRules.forTable(TABLE), SeverityPolicy.DEFAULTS, Clock.systemUTC(), "writer", "writeId"),
                writer,
                finding -> {},
                Severity.ERROR);
        ChangeRecordDecoder decoder = new ChangeRecordDecoder(TABLE);
        ShardProcessor processor = new ShardProcessor(pipeline, decoder, () -> false, new Backoff(1, 2));
        processor.initialize(InitializationInput.builder()
                .shardId("shard-p")
                .extendedSequenceNumber(ExtendedSequenceNumber.TRIM_HORIZON)
                .build());
        RecordingCheckpointer checkpointer = new RecordingCheckpointer();

        List<DynamoDBStreamsClientRecord> clientRecords = new ArrayList<>();
        Set<String> undecodable = new LinkedHashSet<>();
        for (Record record : batch) {
            clientRecords.add(DynamoDBStreamsClientRecord.fromRecord(record));
            if (!wellFormed(record)) {
                undecodable.add(record.dynamodb().sequenceNumber());
            }
        }
        processor.processRecords(DynamoDBStreamsProcessRecordsInput.builder()
                .records(clientRecords)
                .checkpointer(checkpointer)
                .build());

        assertEquals(List.of(batch.get(batch.size() - 1).dynamodb().sequenceNumber()), checkpointer.checkpoints);
        List<Finding> stored = writer.stored();
        Set<String> inputFindings = stored.stream()
                .filter(f -> f.ruleId().equals(RuleEngine.UNDECODABLE))
                .map(Finding::sequenceNumber)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertEquals(undecodable, inputFindings);
        List<Finding> ruleFailures = stored.stream()
                .filter(f ->
                        f.findingClass() == FindingClass.INPUT && !f.ruleId().equals(RuleEngine.UNDECODABLE))
                .collect(Collectors.toList());
        assertEquals(List.of(), ruleFailures, "a built-in rule threw");
    }

    /**
     * The oracle, from what a NEW_AND_OLD_IMAGES record must carry (not from the decoder under test): a
     * known event, the table's key attribute as a non-empty string, a number or non-empty bytes, a new
     * image unless REMOVE and an old image unless INSERT.
     */
    static boolean wellFormed(Record record) {
        StreamRecord stream = record.dynamodb();
        String event = record.eventNameAsString();
        if (!Set.of("INSERT", "MODIFY", "REMOVE").contains(event) || !stream.hasKeys()) {
            return false;
        }
        AttributeValue key = stream.keys().get("sku");
        boolean keyUsable = key != null
                && ((key.s() != null && !key.s().isEmpty())
                        || key.n() != null
                        || (key.b() != null && key.b().asByteArray().length > 0));
        if (!keyUsable) {
            return false;
        }
        boolean newImageNeeded = !event.equals("REMOVE");
        boolean oldImageNeeded = !event.equals("INSERT");
        return (!newImageNeeded || stream.hasNewImage()) && (!oldImageNeeded || stream.hasOldImage());
    }
}
