package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.support.StockScenario;
import dev.driftwatch.support.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The daemon as its own process ({@code java -jar target/driftwatch.jar run}), killed with SIGKILL
 * five times at random moments while a writer produces a known set of violations. Afterwards the audit
 * table holds every expected finding exactly once, and a real webhook (PagerDuty format, on loopback) has
 * had an alert for every one: none lost, and at most one sent twice per kill (the alert in flight when the
 * process died is sent again by the next daemon: at least once, never more than that).
 */
class CrashIT {
    private static final int VIOLATIONS = 120;
    private static final int KILLS = 5;
    private static final Path JAR = Path.of("target/driftwatch.jar");

    @Test
    void sigkillFiveTimesWhileWriting_everyFindingExactlyOnce() throws Exception {
        assertTrue(Files.exists(JAR), JAR + " is built by 'mvn package', before the integration tests");
        StockScenario scenario = StockScenario.seeded();
        DriftwatchConfig config = scenario.config();
        Path configFile = writeConfig(config);
        try (WebhookReceiver pager = new WebhookReceiver(0)) {
            run(scenario, configFile, pager);
        }
    }

    private void run(StockScenario scenario, Path configFile, WebhookReceiver pager) throws Exception {

        StockScenario.Writer writer = scenario.startWriting(VIOLATIONS, Duration.ofMillis(1500));

        int killsWhileWriting = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            int before = scenario.findings().size();
            Process daemon = start(configFile, "crash-" + kill, pager);
            awaitFindings(scenario, before + 1, Duration.ofSeconds(120), daemon);
            Thread.sleep(ThreadLocalRandom.current().nextLong(2000));
            daemon.destroyForcibly();
            assertTrue(daemon.waitFor(10, TimeUnit.SECONDS));
            if (writer.written() < VIOLATIONS) {
                killsWhileWriting++;
            }
        }
        writer.await();

        Process last = start(configFile, "crash-final", pager);
        awaitFindings(scenario, VIOLATIONS, Duration.ofSeconds(180), last);
        awaitAlerts(scenario, pager, Duration.ofSeconds(120), last);
        last.destroy();
        assertTrue(last.waitFor(40, TimeUnit.SECONDS), "SIGTERM stops the daemon within 30 s");

        List<Finding> findings = scenario.findings();
        long distinct = findings.stream()
                .map(f -> f.sequenceNumber() + "/" + f.ruleId())
                .distinct()
                .count();
        long missing = VIOLATIONS - distinct;
        long duplicates = findings.size() - distinct;
        System.out.printf(
                "crash: records written %d, kills %d (%d while writing), findings expected %d, found %d,"
                        + " duplicates %d, missing %d%n",
                StockScenario.ITEMS + VIOLATIONS,
                KILLS,
                killsWhileWriting,
                VIOLATIONS,
                findings.size(),
                duplicates,
                missing);
        assertEquals(0, duplicates);
        assertEquals(0, missing);
        assertEquals(
                List.of("negative-stock"),
                findings.stream().map(Finding::ruleId).distinct().collect(Collectors.toList()));
        assertTrue(killsWhileWriting >= 3, "most kills must land while the writer runs, got " + killsWhileWriting);

        List<String> delivered = pager.acceptedKeys();
        long alertsDistinct = delivered.stream().distinct().count();
        long alertsDuplicated = delivered.size() - alertsDistinct;
        System.out.printf(
                "crash: alerts delivered %d, distinct %d, sent twice %d (at most %d, one per kill)%n",
                delivered.size(), alertsDistinct, alertsDuplicated, KILLS);
        assertEquals(
                findings.stream().map(Finding::id).sorted().distinct().toList(),
                delivered.stream().distinct().toList(),
                "every finding alerted, none lost");
        assertTrue(alertsDuplicated <= KILLS, "alerts sent more than once: " + alertsDuplicated);
    }

    /** Waits until every stored finding's alert reached the receiver. */
    private static void awaitAlerts(StockScenario scenario, WebhookReceiver pager, Duration timeout, Process daemon)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        java.util.Set<String> expected =
                scenario.findings().stream().map(Finding::id).collect(Collectors.toSet());
        while (Instant.now().isBefore(deadline)) {
            if (new java.util.HashSet<>(pager.acceptedKeys()).containsAll(expected)) {
                return;
            }
            assertTrue(daemon.isAlive(), "the daemon exited on its own; see its log under target/");
            Thread.sleep(250);
        }
        throw new AssertionError("alerts delivered for "
                + pager.acceptedKeys().stream().distinct().count() + " of " + expected.size() + " findings within "
                + timeout);
    }

    private static Path writeConfig(DriftwatchConfig config) throws IOException {
        Path file = Files.createTempFile("driftwatch-crash", ".yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "endpoint: " + config.endpoint().url().orElseThrow(),
                        "region: us-east-1",
                        "table: {name: " + config.table().name() + ", key: sku}",
                        "audit: {table: " + config.audit().table() + "}",
                        "consumer:",
                        "  application: " + config.consumer().application(),
                        "  idleBetweenReadsMillis: 200",
                        "  failoverMillis: 5000",
                        "  leaseAssignmentIntervalMillis: 3000",
                        "  shardSyncIntervalMillis: 0",
                        "  leaderLeaseMillis: 10000",
                        "alerts:",
                        "  minSeverity: ERROR",
                        "  resumeIntervalSeconds: 10", // a killed daemon's pending alerts go out soon
                        "  digest: {after: 10000}", // one alert per finding, so that each can be counted
                        "  sinks:",
                        "    - {type: webhook, name: pager, format: pagerduty, urlEnv: CRASH_PAGER_URL,"
                                + " routingKeyEnv: CRASH_PAGER_KEY}",
                        "http: {port: 0}", // successive daemons must not wait for each other's port
                        ""));
        return file;
    }

    private static Process start(Path configFile, String name, WebhookReceiver pager) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder =
                new ProcessBuilder(java, "-jar", JAR.toString(), "run", "--config", configFile.toString());
        builder.environment().put("CRASH_PAGER_URL", pager.url().toString());
        builder.environment().put("CRASH_PAGER_KEY", "crash-routing-key");
        return builder.redirectErrorStream(true)
                .redirectOutput(Path.of("target", name + ".log").toFile())
                .start();
    }

    private static void awaitFindings(StockScenario scenario, int target, Duration timeout, Process daemon)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int count = 0;
        while (Instant.now().isBefore(deadline)) {
            count = scenario.findings().size();
            if (count >= target) {
                return;
            }
            assertTrue(daemon.isAlive(), "the daemon exited on its own; see its log under target/");
            Thread.sleep(250);
        }
        throw new AssertionError("findings reached " + count + " of " + target + " within " + timeout);
    }
}
