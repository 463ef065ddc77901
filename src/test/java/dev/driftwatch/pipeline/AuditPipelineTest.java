package dev.driftwatch.pipeline;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftwatch.audit.AuditWriteException;
import dev.driftwatch.audit.InMemoryAuditWriter;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.SeverityPolicy;
import dev.driftwatch.streamgap.InMemoryItemStateStore;
import dev.driftwatch.streamgap.StreamGapCheck;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditPipelineTest {
    private final InMemoryAuditWriter writer = new InMemoryAuditWriter();
    private final List<Finding> alerted = new ArrayList<>();
    private final AuditPipeline pipeline = new AuditPipeline(
            new RuleEngine(
                    BuiltInRules.forTable(TableConfig.named("inventory")),
                    SeverityPolicy.DEFAULTS,
                    Clock.systemUTC(),
                    "writer",
                    "writeId"),
            writer,
            alerted::add,
            Severity.ERROR);

    private final ChangeRecord lostUpdate = modify(
            item("quantity", 9, "version", 6, "lastDelta", -1, "writeId", "a"),
            item("quantity", 9, "version", 6, "lastDelta", -1, "writeId", "b"));
    private final ChangeRecord skipped = modify(item("version", 1), item("version", 4));

    @Test
    void process_batch_storesEveryFindingAndAlertsAtThreshold() {
        BatchOutcome outcome = pipeline.process(List.of(lostUpdate, skipped), List.of());
        assertEquals(new BatchOutcome(2, 3, 0), outcome);
        assertEquals(3, writer.stored().size());
        // version-skipped is WARNING, below the ERROR threshold: stored, not alerted.
        assertEquals(2, alerted.size());
    }

    @Test
    void process_replayedBatch_storesNothingNewAndAlertsNobody() {
        pipeline.process(List.of(lostUpdate, skipped), List.of());
        alerted.clear();
        BatchOutcome replay = pipeline.process(List.of(lostUpdate, skipped), List.of());
        assertEquals(new BatchOutcome(2, 0, 3), replay);
        assertEquals(List.of(), alerted);
        assertEquals(4, pipeline.stats().records());
    }

    @Test
    void process_writeFailsAfterStoringSome_thoseAlertNowAndTheRetryAlertsTheRest() {
        writer.failNextAfterFirst(1);
        assertThrows(AuditWriteException.class, () -> pipeline.process(List.of(lostUpdate), List.of()));
        assertEquals(1, alerted.size());
        pipeline.process(List.of(lostUpdate), List.of());
        assertEquals(2, alerted.size(), "each of the two findings alerted exactly once");
        assertEquals(2, alerted.stream().map(Finding::id).distinct().count());
    }

    @Test
    void process_observerThrows_batchStillStoredAlertedAndCounted() {
        PipelineObserver broken = new PipelineObserver() {
            @Override
            public void batchStored(List<ChangeRecord> records, int undecodable, List<Finding> written, long nanos) {
                throw new IllegalStateException("metrics defect");
            }
        };
        InMemoryAuditWriter store = new InMemoryAuditWriter();
        List<Finding> raised = new ArrayList<>();
        AuditPipeline observed = new AuditPipeline(
                new RuleEngine(
                        BuiltInRules.forTable(TableConfig.named("inventory")),
                        SeverityPolicy.DEFAULTS,
                        Clock.systemUTC(),
                        "writer",
                        "writeId"),
                store,
                raised::add,
                Severity.ERROR,
                broken);

        BatchOutcome outcome = observed.process(List.of(lostUpdate, skipped), List.of());

        assertEquals(new BatchOutcome(2, 3, 0), outcome);
        assertEquals(3, store.stored().size());
        assertEquals(2, raised.size());
        assertEquals(2, observed.stats().records());
    }

    @Test
    void process_alertQueueThrows_batchStillStoredAndCounted() {
        InMemoryAuditWriter store = new InMemoryAuditWriter();
        AuditPipeline refusing = new AuditPipeline(
                new RuleEngine(
                        BuiltInRules.forTable(TableConfig.named("inventory")),
                        SeverityPolicy.DEFAULTS,
                        Clock.systemUTC(),
                        "writer",
                        "writeId"),
                store,
                finding -> {
                    throw new IllegalStateException("queue closed");
                },
                Severity.ERROR);

        BatchOutcome outcome = refusing.process(List.of(lostUpdate, skipped), List.of());

        assertEquals(new BatchOutcome(2, 3, 0), outcome);
        assertEquals(3, store.stored().size());
    }

    @Test
    void process_gapFindingWriteFails_stateNotAdvancedAndTheRetryStoresTheGap() {
        InMemoryItemStateStore states = new InMemoryItemStateStore();
        InMemoryAuditWriter store = new InMemoryAuditWriter();
        AuditPipeline gapped = new AuditPipeline(
                new RuleEngine(List.of(), SeverityPolicy.DEFAULTS, Clock.systemUTC(), "writer", "writeId"),
                store,
                finding -> {},
                Severity.ERROR,
                PipelineObserver.NONE,
                Optional.of(new StreamGapCheck(TableConfig.named("inventory"), states)));
        gapped.process(
                List.of(modify(item("quantity", 10, "version", 1), item("quantity", 9, "version", 2))), List.of());
        ChangeRecord afterGap = modify(item("quantity", 7, "version", 4), item("quantity", 6, "version", 5));

        store.failNext(1);
        assertThrows(AuditWriteException.class, () -> gapped.process(List.of(afterGap), List.of()));
        assertEquals(
                Optional.of(new BigDecimal(2)),
                states.load("inventory", List.of("A-1")).get("A-1").version());
        BatchOutcome retried = gapped.process(List.of(afterGap), List.of());

        assertEquals(new BatchOutcome(1, 1, 0), retried);
        assertEquals(
                List.of("stream-gap"),
                store.stored().stream().map(Finding::ruleId).toList());
        assertEquals(
                Optional.of(new BigDecimal(5)),
                states.load("inventory", List.of("A-1")).get("A-1").version());
        assertEquals(new BatchOutcome(1, 0, 0), gapped.process(List.of(afterGap), List.of()));
    }
}
