package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Issue 16 item 2, the rest: the table's stream replaced under a running daemon (disabled and enabled again:
 * a new stream ARN, as the launcher makes it, as DynamoDB does), and a daemon that starts longer after its last
 * audit than the stream keeps records. Each is one stream-level DRIFT finding and a whole-stream hole in the
 * coverage ledger, and the audit goes on.
 */
@Execution(ExecutionMode.CONCURRENT)
class StreamFollowIT {
    private static DriftwatchConfig fastStreamCheck(DriftwatchConfig config) {
        return config.withConsumer(
                config.consumer().toBuilder().streamCheckSeconds(1).build());
    }

    @Test
    void streamDisabledAndEnabled_daemonFollowsTheNewStreamWithOneReplacedFindingAndHole() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = fastStreamCheck(TestEndpoint.freshTables());
        String table = config.table().name();
        Items items = new Items(clients, table);
        items.put("a", "quantity", 5, "version", 1);
        String first = StreamDaemon.streamArn(clients, table);
        AuditQueries queries =
                new AuditQueries(clients.dynamoDb(), config.audit().table());

        Assembly assembly = Assembly.of(config, clients);
        AuditPipeline pipeline = assembly.pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = assembly.daemon(pipeline)) {
            daemon.start();
            Await.atLeast(
                    "the first stream's record read", () -> pipeline.stats().records(), 1, Duration.ofSeconds(120));

            clients.dynamoDb().updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
            items.put("unrecorded", "quantity", -7, "version", 1);
            clients.dynamoDb()
                    .updateTable(b -> b.tableName(table)
                            .streamSpecification(
                                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            items.put("b", "quantity", -1, "version", 1);

            Await.atLeast(
                    "the new stream's violation found",
                    () -> queries.byItem(table, "b").size(),
                    1,
                    Duration.ofSeconds(120));
            assertNotEquals(first, daemon.streamArn());
            assertEquals(StreamDaemon.streamArn(clients, table), daemon.streamArn());
        } finally {
            pipeline.close();
        }

        List<Finding> replaced = queries.all(table).stream()
                .filter(f -> f.ruleId().equals(RuleEngine.STREAM_REPLACED))
                .toList();
        assertEquals(1, replaced.size(), replaced.toString());
        assertEquals(FindingClass.DRIFT, replaced.get(0).findingClass());
        assertTrue(
                replaced.get(0).message().startsWith("the table's stream was disabled and a new one enabled: changes"),
                replaced.get(0).message());
        assertEquals(List.of(), queries.byItem(table, "unrecorded"), "no stream holds it: only the hole says so");

        List<CoverageLedger.Hole> holes = assembly.coverageLedger().holes();
        assertEquals(1, holes.size(), holes.toString());
        assertTrue(holes.get(0).wholeStream());
        assertEquals(StreamDaemon.streamArn(clients, table), holes.get(0).streamArn());
        assertTrue(holes.get(0).from().isPresent(), "the old stream's last audited record bounds the hole");
        assertEquals(
                2,
                assembly.coverageLedger().lastSeenByStream().size(),
                "both streams audited: " + assembly.coverageLedger().shards());
    }

    @Test
    void lastAuditedLongerAgoThanTheStreamKeepsRecords_oneExpiredFindingAndHole() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = TestEndpoint.freshTables();
        String table = config.table().name();
        String stream = StreamDaemon.streamArn(clients, table);
        Assembly assembly = Assembly.of(config, clients);
        Instant threeDaysAgo =
                Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        assembly.coverageLedger()
                .covered(stream, "shardId-old", "1", "2", 2, threeDaysAgo, threeDaysAgo.plusSeconds(1));
        // A reader of this version was caught up then: without its heartbeat the ledger could be one written
        // before heartbeats existed, and an idle table is not taken for a lost one.
        assembly.coverageLedger().caughtUp(stream, threeDaysAgo.plusSeconds(1));
        new Items(clients, table).put("a", "quantity", -1, "version", 1);
        AuditQueries queries =
                new AuditQueries(clients.dynamoDb(), config.audit().table());

        for (int run = 0; run < 2; run++) { // a restart finds the same loss: still one finding
            if (run == 1) {
                new Items(clients, table).put("b", "quantity", 1, "version", 1);
            }
            AuditPipeline pipeline =
                    assembly.pipeline().alertsToLogOnOwnThread().build();
            try (StreamDaemon daemon = assembly.daemon(pipeline)) {
                daemon.start();
                Await.atLeast("the record read", () -> pipeline.stats().records(), 1, Duration.ofSeconds(120));
            } finally {
                pipeline.close();
            }
        }

        List<Finding> expired = queries.all(table).stream()
                .filter(f -> f.ruleId().equals(RuleEngine.STREAM_EXPIRED))
                .toList();
        assertEquals(1, expired.size(), expired.toString());
        assertTrue(
                expired.get(0).message().contains("longer ago than the 24 hours the stream keeps records"),
                expired.get(0).message());
        List<CoverageLedger.Hole> holes = assembly.coverageLedger().holes();
        assertEquals(1, holes.size(), holes.toString());
        assertEquals(threeDaysAgo.plusSeconds(1), holes.get(0).from().orElseThrow());
    }
}
