package dev.driftwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Environment;
import dev.driftwatch.config.SinkConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.StockScenario;
import dev.driftwatch.support.TestEndpoint;
import dev.driftwatch.support.WebhookReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The daemon alerting a PagerDuty-shaped webhook (a JDK HttpServer here) through the outbox: failed
 * attempts are retried until each finding arrives exactly once per dedup key, and alerts still
 * pending when a daemon stops are delivered by the next one.
 */
@Execution(ExecutionMode.CONCURRENT)
class WebhookAlertIT {
    private static final String ROUTING_KEY = "R0UT1NGKEY";

    private final AwsClients clients = TestEndpoint.clients();

    /** A daemon wired as {@code driftwatch run} wires it, its secrets from {@code environment}. */
    private record RunningDaemon(StreamDaemon daemon, AuditPipeline pipeline) {
        void stop() {
            daemon.stop(Duration.ofSeconds(30));
            pipeline.close();
        }
    }

    private RunningDaemon start(DriftwatchConfig config, Map<String, String> environment) {
        Assembly assembly = Assembly.of(config, clients).withEnvironment(new Environment(environment));
        AlertDispatcher alerts = assembly.dispatcher(assembly.configuredSinks(), DeliveryListener.NONE)
                .start(true);
        AuditPipeline pipeline = assembly.pipeline().alertsTo(alerts).build();
        StreamDaemon daemon = assembly.daemon(pipeline);
        daemon.start();
        return new RunningDaemon(daemon, pipeline);
    }

    private static DriftwatchConfig pagerDutyConfig(StockScenario scenario) {
        DriftwatchConfig config = scenario.config();
        return config.withAlerts(config.alerts()
                .withSinks(List.of(new SinkConfig.Webhook(
                        "pagerduty",
                        SinkConfig.WebhookFormat.PAGERDUTY,
                        Optional.of("TEST_PD_URL"),
                        Optional.of("TEST_PD_KEY"))))
                .withTimings(3, Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    private static List<String> alertableIds(StockScenario scenario) {
        return scenario.findings().stream()
                .filter(f -> f.severity().atLeast(Severity.ERROR))
                .map(Finding::id)
                .sorted()
                .toList();
    }

    private List<PendingAlert> pending(DriftwatchConfig config) {
        return Assembly.of(config, clients)
                .outbox()
                .pending(config.table().name(), Instant.now().plusSeconds(3600), 1000);
    }

    @Test
    void webhookFailingFirstAttempts_everyFindingArrivesOncePerDedupKey() throws Exception {
        StockScenario scenario = StockScenario.seeded();
        DriftwatchConfig config = pagerDutyConfig(scenario);
        int violations = 6;
        try (WebhookReceiver pagerDuty = new WebhookReceiver(2)) {
            RunningDaemon running =
                    start(config, Map.of("TEST_PD_URL", pagerDuty.url().toString(), "TEST_PD_KEY", ROUTING_KEY));
            try {
                for (int i = 0; i < violations; i++) {
                    scenario.violate(i);
                }
                Await.atLeast("alerts accepted", () -> pagerDuty.accepted.size(), violations, Duration.ofSeconds(120));
                Await.atLeast("outbox emptied", () -> pending(config).isEmpty() ? 1 : 0, 1, Duration.ofSeconds(30));
                Thread.sleep(2000); // a resume round or two: nothing may come again
            } finally {
                running.stop();
            }

            List<String> expected = alertableIds(scenario);
            assertEquals(violations, expected.size(), "one negative-stock finding (ERROR) per violation");
            assertEquals(expected, pagerDuty.acceptedKeys(), "each finding exactly once per dedup key");
            for (String id : expected) {
                assertEquals(3, pagerDuty.attempts.get(id).get(), "two refusals, then accepted: " + id);
            }
            assertTrue(
                    pagerDuty.accepted.stream()
                            .allMatch(event -> ROUTING_KEY.equals(
                                            event.get("routing_key").asText())
                                    && "trigger"
                                            .equals(event.get("event_action").asText())
                                    && config.table()
                                            .name()
                                            .equals(event.get("payload")
                                                    .get("source")
                                                    .asText())
                                    && "error"
                                            .equals(event.get("payload")
                                                    .get("severity")
                                                    .asText())),
                    pagerDuty.accepted.toString());
        }
    }

    @Test
    void webhookDownWhileDaemonStops_pendingAlertsSentByTheNextDaemon() throws Exception {
        StockScenario scenario = StockScenario.seeded();
        DriftwatchConfig config = pagerDutyConfig(scenario);
        int violations = 4;
        try (WebhookReceiver pagerDuty = new WebhookReceiver(0)) {
            Map<String, String> environment =
                    Map.of("TEST_PD_URL", pagerDuty.url().toString(), "TEST_PD_KEY", ROUTING_KEY);
            pagerDuty.refuseAll(true);
            RunningDaemon first = start(config, environment);
            try {
                for (int i = 0; i < violations; i++) {
                    scenario.violate(i);
                }
                Await.atLeast(
                        "every violation stored",
                        () -> alertableIds(scenario).size(),
                        violations,
                        Duration.ofSeconds(120));
                // Three alerts failed every retry and the sink's breaker opened: the fourth is not tried, it waits.
                Await.atLeast(
                        "the breaker's alerts attempted",
                        () -> pagerDuty.attempts.size(),
                        AlertDispatcher.TRIP_AFTER,
                        Duration.ofSeconds(120));
            } finally {
                first.stop();
            }
            List<String> expected = alertableIds(scenario);
            assertEquals(violations, expected.size());
            assertEquals(
                    expected,
                    pending(config).stream().map(p -> p.finding().id()).sorted().toList(),
                    "undelivered alerts stay pending after the stop");
            assertEquals(List.of(), pagerDuty.accepted);

            pagerDuty.refuseAll(false);
            RunningDaemon second = start(config, environment);
            try {
                Await.atLeast(
                        "pending alerts delivered after the restart",
                        () -> pagerDuty.accepted.size(),
                        violations,
                        Duration.ofSeconds(60));
                Await.atLeast("outbox emptied", () -> pending(config).isEmpty() ? 1 : 0, 1, Duration.ofSeconds(30));
                Thread.sleep(2000);
            } finally {
                second.stop();
            }
            assertEquals(expected, pagerDuty.acceptedKeys(), "each pending alert delivered once");
        }
    }
}
