package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.audit.SeededFindings;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.support.SubscribedQueue;
import dev.driftwatch.support.TestEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `driftwatch alerts pending` and `alerts resend` over seeded findings, delivered through SNS to a queue. */
class AlertsCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SINCE =
            SeededFindings.NEWEST.minus(Duration.ofHours(1)).toString();
    private static final String UNTIL = SeededFindings.NEWEST.toString();

    @TempDir
    Path dir;

    private Path config;
    private SeededFindings seeded;
    private SubscribedQueue queue;

    @BeforeEach
    void seed() throws IOException {
        AwsClients clients = TestEndpoint.clients();
        String audit = TestEndpoint.freshAuditTable();
        seeded = SeededFindings.store(clients.dynamoDbAsync(), audit, 30, Optional.of(Severity.ERROR));
        queue = new SubscribedQueue();
        config = dir.resolve("driftwatch.yaml");
        Files.writeString(
                config,
                "endpoint: " + TestEndpoint.url() + "\ntable: {name: " + SeededFindings.WATCHED
                        + "}\naudit: {table: " + audit + "}\nalerts:\n  digest: {after: 1000}\n  sinks:\n"
                        + "    - {type: sns, name: topic, topicArn: '" + queue.topicArn() + "'}\n");
    }

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    private Set<String> initiallyPending() {
        return seeded.all().stream()
                .filter(f ->
                        f.table().equals(SeededFindings.WATCHED) && f.severity().atLeast(Severity.ERROR))
                .map(Finding::id)
                .collect(Collectors.toSet());
    }

    private List<JsonNode> pendingRows(String... extra) throws IOException {
        List<String> args =
                new ArrayList<>(List.of("alerts", "pending", "--config", config.toString(), "--format", "json"));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        List<JsonNode> rows = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static Set<String> ids(List<JsonNode> rows) {
        return rows.stream().map(row -> row.get("findingId").asText()).collect(Collectors.toSet());
    }

    @Test
    void pending_seededOutbox_everyUnsentFindingOldestFirstAwaitingTheSink() throws IOException {
        List<JsonNode> rows = pendingRows("--limit", "1000");
        assertEquals(initiallyPending(), ids(rows));
        assertEquals(initiallyPending().size(), rows.size());
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(
                    Instant.parse(rows.get(i - 1).get("detectedAt").asText())
                                    .compareTo(Instant.parse(
                                            rows.get(i).get("detectedAt").asText()))
                            <= 0,
                    "oldest first");
        }
        assertEquals("[\"topic\"]", rows.get(0).get("awaiting").toString());
        assertEquals("[]", rows.get(0).get("sentTo").toString());
    }

    @Test
    void pending_limit_cutsAndSaysMore() {
        CliRun run = CliRun.of("alerts", "pending", "--config", config.toString(), "--limit", "5");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(6, run.out().lines().count(), "a header and five alerts");
        assertEquals(
                "5 alert(s) pending for inventory; more: raise --limit (sinks: topic)",
                run.err().strip());
    }

    @Test
    void resend_conservationInLastHour_deliveredThroughTheTopicAndOutOfTheOutbox() throws IOException {
        CliRun run = CliRun.of(
                "alerts",
                "resend",
                "--config",
                config.toString(),
                "--rule",
                "conservation",
                "--since",
                SINCE,
                "--until",
                UNTIL);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("resent 3 finding(s) to topic: 3 send(s) delivered, 0 failed;"), run.out());

        List<String> keys = queue.receive(3).stream()
                .map(e -> SubscribedQueue.body(e).get("dedupKey").asText())
                .sorted()
                .toList();
        assertEquals(List.of("f0000", "f0003", "f0006"), keys);
        Set<String> stillPending = initiallyPending();
        stillPending.removeAll(Set.of("f0000", "f0003", "f0006"));
        assertEquals(stillPending, ids(pendingRows("--limit", "1000")));
    }

    @Test
    void resend_dryRun_listsAndChangesNothing() throws IOException {
        CliRun run = CliRun.of(
                "alerts",
                "resend",
                "--config",
                config.toString(),
                "--rule",
                "conservation",
                "--since",
                SINCE,
                "--until",
                UNTIL,
                "--dry-run");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(4, run.out().lines().count(), "a header and three findings: " + run.out());
        assertEquals(
                3,
                run.out()
                        .lines()
                        .skip(1)
                        .filter(line -> line.contains(" conservation "))
                        .count(),
                run.out());
        assertEquals(initiallyPending(), ids(pendingRows("--limit", "1000")));
    }

    @Test
    void resend_withoutSince_usageError() {
        CliRun run = CliRun.of("alerts", "resend", "--config", config.toString());
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: Missing required option: '--since=TIME' (see 'driftwatch alerts resend --help')",
                run.err().strip());
    }
}
