package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.demo.FaultProxy;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.StockScenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * Faults between the daemon and DynamoDB: a proxy throttles, fails, resets and delays a share of the
 * daemon's requests (lease table, stream reads, audit writes alike). Nothing is lost, nothing doubled.
 */
class FaultIT {
    private static final int VIOLATIONS = 100;

    @Test
    void daemonBehindFaultyNetwork_everyFindingOnce() throws Exception {
        StockScenario scenario = StockScenario.seeded();
        DriftwatchConfig config = scenario.config();
        for (int i = 0; i < VIOLATIONS; i++) {
            scenario.violate(i);
        }

        FaultProxy.Faults faults = new FaultProxy.Faults(0.10, 0.05, 0.03, 0.10, 300);
        try (FaultProxy proxy = new FaultProxy(config.endpoint().url().orElseThrow(), faults);
                AwsClients faulty = AwsClients.local(proxy.url(), Region.US_EAST_1)) {
            AuditPipeline pipeline = Assembly.of(config, faulty)
                    .pipeline()
                    .alertsToLogOnOwnThread()
                    .build();
            try (StreamDaemon daemon = Assembly.of(config, faulty).daemon(pipeline)) {
                daemon.start();
                Await.atLeast(
                        "findings through the faulty network",
                        () -> pipeline.stats().findingsWritten(),
                        VIOLATIONS,
                        Duration.ofSeconds(240));
                // A batch's findings now take one or two requests, so the faults are drawn from fewer
                // requests: keep the daemon polling (and renewing leases) until each kind has hit it.
                Await.atLeast(
                        "every kind of fault injected",
                        () -> Math.min(proxy.throttled.sum(), Math.min(proxy.failed.sum(), proxy.resets.sum())),
                        1,
                        Duration.ofSeconds(180));
            }
            List<Finding> findings = scenario.findings();
            System.out.printf(
                    "faults: requests forwarded %d, throttled %d, 500s %d, resets %d, delayed %d;"
                            + " calls the SDK retried %d, calls failed after retries %d;"
                            + " findings expected %d, found %d, stored twice %d%n",
                    proxy.forwarded.sum(),
                    proxy.throttled.sum(),
                    proxy.failed.sum(),
                    proxy.resets.sum(),
                    proxy.delayed.sum(),
                    faulty.retryLogger().retriedCalls(),
                    faulty.retryLogger().failedCalls(),
                    VIOLATIONS,
                    findings.size(),
                    findings.size()
                            - findings.stream()
                                    .map(Finding::sequenceNumber)
                                    .distinct()
                                    .count());
            assertEquals(VIOLATIONS, findings.size());
            assertEquals(
                    VIOLATIONS,
                    findings.stream().map(Finding::sequenceNumber).distinct().count());
            assertEquals(VIOLATIONS, pipeline.stats().findingsWritten());
            assertTrue(
                    proxy.throttled.sum() > 0 && proxy.failed.sum() > 0 && proxy.resets.sum() > 0,
                    "every kind of fault was injected");
            assertTrue(faulty.retryLogger().retriedCalls() > 0, "the log says which calls needed retries");
        }
    }
}
