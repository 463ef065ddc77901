package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.StockScenario;
import dev.driftwatch.support.TestEndpoint;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A graceful stop in the middle of a busy stream: the final checkpoint covers exactly what was stored,
 * and a restart continues with no gap and no duplicate.
 */
class GracefulShutdownIT {
    private static final int ITEMS = StockScenario.ITEMS;
    private static final int VIOLATIONS = 150;

    @Test
    void stopMidStreamThenRestart_everyViolationOnceAndNothingRedelivered() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        StockScenario scenario = StockScenario.seeded();
        DriftwatchConfig config = scenario.config();

        AuditPipeline first =
                Assembly.of(config, clients).pipeline().alertsToLogOnOwnThread().build();
        StreamDaemon daemon = Assembly.of(config, clients).daemon(first);
        daemon.start();
        Await.atLeast("first daemon reading", () -> first.stats().records(), ITEMS, Duration.ofSeconds(120));

        StockScenario.Writer writer = scenario.startWriting(VIOLATIONS, Duration.ofMillis(100));

        Await.atLeast("first daemon busy", () -> first.stats().findingsWritten(), 30, Duration.ofSeconds(120));
        assertTrue(daemon.stop(Duration.ofSeconds(30)), "graceful stop within 30 s");
        assertTrue(writer.written() < VIOLATIONS, "the stop must come while writes go on, after " + writer.written());
        long storedByFirst = first.stats().findingsWritten();

        BigInteger lastStored = scenario.findings().stream()
                .map(f -> new BigInteger(f.sequenceNumber()))
                .max(BigInteger::compareTo)
                .orElseThrow();
        List<Map<String, AttributeValue>> leases = clients.dynamoDb()
                .scan(b -> b.tableName(config.consumer().application()))
                .items();
        assertEquals(
                lastStored.toString(),
                leases.get(0).get("checkpoint").s(),
                "the final checkpoint is the last record whose findings were stored");

        writer.await();
        AuditPipeline second =
                Assembly.of(config, clients).pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon restarted = Assembly.of(config, clients).daemon(second)) {
            restarted.start();
            Await.atLeast(
                    "second daemon catches up",
                    () -> storedByFirst + second.stats().findingsWritten(),
                    VIOLATIONS,
                    Duration.ofSeconds(120));
        }
        List<Finding> findings = scenario.findings();
        assertEquals(VIOLATIONS, findings.size());
        assertEquals(
                VIOLATIONS,
                findings.stream().map(Finding::sequenceNumber).distinct().count());
        assertEquals(0, second.stats().findingsAlreadyPresent(), "nothing the first daemon stored came again");
        assertEquals(VIOLATIONS, storedByFirst + second.stats().findingsWritten());
    }
}
