package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.demo.FaultProxy;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.regions.Region;

/**
 * Issue 16 item 2, end to end: a daemon restarts from a checkpoint the stream has trimmed (moto never trims:
 * the proxy answers every GetShardIterator after a sequence number with TrimmedDataAccessException, as
 * DynamoDB answers one past its 24 hours). The adapter resumes at the oldest record, logging a warning only;
 * driftwatch stores one shard-level DRIFT finding saying which records may never have been audited.
 */
@Execution(ExecutionMode.CONCURRENT)
class TrimmedStreamIT {
    @Test
    void restartFromTrimmedCheckpoint_shardLevelDriftFindingOnceAndAuditingGoesOn() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = TestEndpoint.freshTables();
        Items items = new Items(clients, config.table().name());
        items.put("a", "quantity", 5, "version", 1);
        items.put("a", "quantity", 4, "version", 2);

        Assembly direct = Assembly.of(config, clients);
        AuditPipeline first = direct.pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = direct.daemon(first)) {
            daemon.start();
            Await.atLeast("first daemon reads 2 records", () -> first.stats().records(), 2, Duration.ofSeconds(120));
        } finally {
            first.close();
        }
        items.put("b", "quantity", -1, "version", 1);

        long trims;
        try (FaultProxy proxy = new FaultProxy(TestEndpoint.url(), new FaultProxy.Faults(0, 0, 0, 0, 0));
                AwsClients viaProxy = AwsClients.local(proxy.url(), Region.US_EAST_1)) {
            proxy.trimCheckpoints = true;
            Assembly trimmed = Assembly.of(config, viaProxy);
            AuditPipeline second = trimmed.pipeline().alertsToLogOnOwnThread().build();
            try (StreamDaemon daemon = trimmed.daemon(second)) {
                daemon.start();
                Await.atLeast(
                        "second daemon reads the new record",
                        () -> new AuditQueries(
                                        clients.dynamoDb(), config.audit().table())
                                .byItem(config.table().name(), "b")
                                .size(),
                        1,
                        Duration.ofSeconds(120));
            } finally {
                second.close();
            }
            trims = proxy.trimmed.sum();
        }

        List<Finding> gaps = new AuditQueries(clients.dynamoDb(), config.audit().table())
                .all(config.table().name()).stream()
                        .filter(f -> f.ruleId().equals(RuleEngine.STREAM_TRIMMED))
                        .toList();
        assertEquals(1, gaps.size(), gaps.toString());
        Finding gap = gaps.get(0);
        assertEquals(FindingClass.DRIFT, gap.findingClass());
        assertTrue(gap.itemKey().startsWith("(shard "), gap.itemKey());
        assertTrue(gap.message().contains("Run driftwatch reconcile"), gap.message());
        assertTrue(trims >= 2, "the probe and the adapter both met the trim: " + trims);

        // The coverage ledger shows the hole where the finding is (issue 16 item 3).
        dev.driftwatch.audit.CoverageLedger ledger =
                Assembly.of(config, clients).coverageLedger();
        List<dev.driftwatch.audit.CoverageLedger.Hole> holes = ledger.holes();
        assertEquals(1, holes.size(), holes.toString());
        assertEquals(gap.shardId(), holes.get(0).shardId());
        assertEquals(gap.sequenceNumber(), "trimmed-after-" + holes.get(0).afterSequence());
        assertTrue(holes.get(0).from().isPresent(), "the ledger knew the last record audited before the jump");
        assertEquals(1, ledger.shards().size(), ledger.shards().toString());
    }
}
