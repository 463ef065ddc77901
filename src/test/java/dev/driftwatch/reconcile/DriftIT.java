package dev.driftwatch.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.ConsumerConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.pipeline.ShardGap;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.streamgap.DynamoDbItemStateStore;
import dev.driftwatch.streamgap.ItemState;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Changes the audit trail never saw, with the stream-gap state durable ({@code audit.streamGapState: durable}):
 * the daemon is stopped, items are changed, and a new daemon
 * starts at the stream's LATEST position under a new application name (as if its lease and the
 * records had been lost). The stream-gap rule finds the item whose next record does not follow the
 * last image seen; reconcile finds the items changed, created or restored behind the stream's back.
 */
@Execution(ExecutionMode.CONCURRENT)
class DriftIT {
    @Test
    void recordsSkipped_streamGapAndReconcile_findExactlyTheDriftedItems() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig fresh = TestEndpoint.freshTables();
        DriftwatchConfig first = fresh.withAudit(fresh.audit().withStreamGapState(AuditConfig.GapState.DURABLE));
        Items items = new Items(clients, first.table().name());
        for (String sku : List.of("A", "B", "C", "E")) {
            items.put(sku, "quantity", 10, "version", 1);
            items.put(sku, "quantity", 9, "version", 2);
        }
        readWithADaemon(first, clients, 8);
        DynamoDbItemStateStore states = new DynamoDbItemStateStore(
                clients.dynamoDbAsync(), first.audit().table());
        Reconciler reconciler = Assembly.of(first, clients).reconciler();
        assertEquals(0, reconciler.run(2, Duration.ZERO, true, line -> {}).adopted()); // the baseline: all seen
        assertEquals(
                Optional.of(new BigDecimal(2)),
                states.load(first.table().name(), List.of("B")).get("B").version());

        items.put("B", "quantity", 8, "version", 3);
        items.put("C", "quantity", 8, "version", 3);
        items.put("D", "quantity", 5, "version", 1);
        items.put("E", "quantity", 10, "version", 1);

        DriftwatchConfig second = atLatestUnderANewApplication(first);
        AuditPipeline secondPipeline =
                Assembly.of(second, clients).pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = Assembly.of(second, clients).daemon(secondPipeline)) {
            daemon.start();
            for (int i = 0; secondPipeline.stats().records() == 0; i++) {
                assertTrue(i < 120, "the second daemon never read a canary record");
                items.put("canary", "quantity", 1, "version", i + 1);
                Thread.sleep(1000);
            }
            items.put("A", "quantity", 8, "version", 3);
            items.put("B", "quantity", 7, "version", 4);
            Await.atLeast(
                    "second daemon reads A and B",
                    () -> {
                        Map<String, ItemState> seen = states.load(first.table().name(), List.of("A", "B"));
                        return seen.size() == 2
                                        && seen.get("A").version().orElseThrow().intValue() == 3
                                        && seen.get("B").version().orElseThrow().intValue() == 4
                                ? 1
                                : 0;
                    },
                    1,
                    Duration.ofSeconds(120));
        }
        AuditQueries queries =
                new AuditQueries(clients.dynamoDb(), first.audit().table());
        List<Finding> gaps = queries.all(first.table().name()).stream()
                .filter(f -> f.ruleId().equals("stream-gap"))
                .toList();

        assertEquals(List.of("B"), gaps.stream().map(Finding::itemKey).toList());
        assertEquals(FindingClass.DRIFT, gaps.get(0).findingClass());
        assertTrue(
                gaps.get(0)
                        .message()
                        .contains(": version 2 then, 3 before this change: a change of this item is missing"),
                gaps.get(0).message());

        Reconciler.Report report = reconciler.run(3, Duration.ofMillis(500), line -> {});

        assertEquals(6, report.scanned());
        Map<String, String> drifted =
                report.findings().stream().collect(Collectors.toMap(Finding::itemKey, Finding::message));
        assertEquals(List.of("C", "D", "E"), drifted.keySet().stream().sorted().toList());
        assertTrue(
                drifted.get("C").startsWith("item differs from the last image the audit trail saw"), drifted.get("C"));
        assertTrue(
                drifted.get("D").startsWith("item is in the table but neither the audit trail nor the baseline of "),
                drifted.get("D"));
        assertTrue(drifted.get("E").startsWith("version 1 is behind the last version seen, 2"), drifted.get("E"));

        Reconciler.Report rerun = reconciler.run(2, Duration.ZERO, line -> {});

        assertEquals(
                report.findings().stream().map(Finding::id).sorted().toList(),
                rerun.findings().stream().map(Finding::id).sorted().toList());
        assertEquals(
                3,
                queries.all(first.table().name()).stream()
                        .filter(f -> f.ruleId().equals(Reconciler.RULE_ID))
                        .count());
    }

    /**
     * The same lost lease with the stream-gap state in memory (the default): no item-level gap (a new lease has
     * no state), but the reader's start at LATEST after records the ledger never audited is a shard-level DRIFT
     * finding and a hole in the coverage ledger.
     */
    @Test
    void readerStartsAtLatestAfterUnauditedRecords_memoryState_streamSkippedFindingAndLedgerHole() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig first = TestEndpoint.freshTables();
        Items items = new Items(clients, first.table().name());
        items.put("A", "quantity", 10, "version", 1);
        items.put("A", "quantity", 9, "version", 2);
        readWithADaemon(first, clients, 2);
        items.put("A", "quantity", 8, "version", 3);

        DriftwatchConfig second = atLatestUnderANewApplication(first);
        AuditPipeline secondPipeline =
                Assembly.of(second, clients).pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = Assembly.of(second, clients).daemon(secondPipeline)) {
            daemon.start();
            for (int i = 0; secondPipeline.stats().records() == 0; i++) {
                assertTrue(i < 120, "the second daemon never read a canary record");
                items.put("canary", "quantity", 1, "version", i + 1);
                Thread.sleep(1000);
            }
            // The start is judged two checkpoint intervals and 5 s after the lease began, with a later batch.
            AuditQueries found =
                    new AuditQueries(clients.dynamoDb(), first.audit().table());
            for (int i = 0;
                    found.all(first.table().name()).stream()
                            .noneMatch(f -> f.ruleId().equals(RuleEngine.STREAM_SKIPPED));
                    i++) {
                assertTrue(i < 120, "no stream-skipped finding");
                items.put("A", "quantity", 7 - i, "version", 5 + i);
                Thread.sleep(1000);
            }
        }
        List<Finding> findings = new AuditQueries(
                        clients.dynamoDb(), first.audit().table())
                .all(first.table().name());
        List<CoverageLedger.Hole> holes =
                Assembly.of(first, clients).coverageLedger().holes();

        assertEquals(
                List.of(RuleEngine.STREAM_SKIPPED),
                findings.stream()
                        .map(Finding::ruleId)
                        .filter(rule -> rule.startsWith("stream-"))
                        .toList());
        assertEquals(
                FindingClass.DRIFT,
                findings.stream()
                        .filter(f -> f.ruleId().equals(RuleEngine.STREAM_SKIPPED))
                        .findFirst()
                        .orElseThrow()
                        .findingClass());
        assertEquals(
                List.of(ShardGap.Cause.STARTED_AT_LATEST.description()),
                holes.stream().map(CoverageLedger.Hole::cause).toList());
    }

    /** The same start at LATEST with nothing written in between: nothing was passed over, so no finding and no hole. */
    @Test
    void readerStartsAtLatestAfterEverythingWasAudited_memoryState_noFindingNoHole() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig first = TestEndpoint.freshTables();
        Items items = new Items(clients, first.table().name());
        items.put("A", "quantity", 10, "version", 1);
        readWithADaemon(first, clients, 1);
        DriftwatchConfig second = atLatestUnderANewApplication(first);
        java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean();
        AuditPipeline secondPipeline = Assembly.of(second, clients)
                .pipeline()
                .observer(new dev.driftwatch.pipeline.PipelineObserver() {
                    @Override
                    public void caughtUp(String shardId) {
                        polling.set(true); // the reader holds its LATEST position: later writes are read
                    }
                })
                .alertsToLogOnOwnThread()
                .build();
        try (StreamDaemon daemon = Assembly.of(second, clients).daemon(secondPipeline)) {
            daemon.start();
            Await.atLeast("the second daemon polls", () -> polling.get() ? 1 : 0, 1, Duration.ofSeconds(120));
            // Writes past the moment the start is judged (two checkpoint intervals and 5 s after the lease began).
            for (int i = 0; i < 15; i++) {
                items.put("A", "quantity", 9 - i, "version", 2 + i);
                Thread.sleep(2000);
            }
            Await.atLeast(
                    "the second daemon reads them", () -> secondPipeline.stats().records(), 15, Duration.ofSeconds(60));
        }

        assertEquals(
                List.of(),
                new AuditQueries(clients.dynamoDb(), first.audit().table())
                        .all(first.table().name()).stream()
                                .map(Finding::ruleId)
                                .filter(rule -> rule.startsWith("stream-"))
                                .toList());
        assertEquals(List.of(), Assembly.of(first, clients).coverageLedger().holes());
    }

    /** A daemon of {@code config} runs until it has read {@code records} records, and stops. */
    private static void readWithADaemon(DriftwatchConfig config, AwsClients clients, long records) throws Exception {
        AuditPipeline pipeline =
                Assembly.of(config, clients).pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = Assembly.of(config, clients).daemon(pipeline)) {
            daemon.start();
            Await.atLeast(
                    "the first daemon reads " + records + " records",
                    () -> pipeline.stats().records(),
                    records,
                    Duration.ofSeconds(120));
        }
    }

    /** {@code first} under a new application (a new lease table) that starts at the stream's latest record. */
    private static DriftwatchConfig atLatestUnderANewApplication(DriftwatchConfig first) {
        return first.withConsumer(first.consumer().toBuilder()
                .application(TestEndpoint.unique("app"))
                .initialPosition(ConsumerConfig.InitialPosition.LATEST)
                .build());
    }
}
