package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.audit.SeededFindings;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.support.TestEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `driftwatch findings` against seeded findings: pages, CSV and counts, by value. */
class FindingsCommandIT {
    private static final Pattern NEXT = Pattern.compile("more findings: add --page (\\S+)");
    private static final String SINCE = "2026-11-22T00:00:00Z";
    private static final String UNTIL = SeededFindings.NEWEST.toString();

    @TempDir
    static Path dir;

    private static Path config;
    private static SeededFindings seeded;
    private static String audit;

    @BeforeAll
    static void seed() throws IOException {
        AwsClients clients = TestEndpoint.clients();
        audit = TestEndpoint.freshAuditTable();
        seeded = SeededFindings.store(clients.dynamoDbAsync(), audit, 300);
        config = dir.resolve("driftwatch.yaml");
        Files.writeString(
                config,
                "endpoint: " + TestEndpoint.url() + "\ntable: {name: " + SeededFindings.WATCHED + "}\naudit: {table: "
                        + audit + "}\n");
    }

    private static List<String> expectedIds() {
        return seeded.all().stream()
                .filter(f -> f.table().equals(SeededFindings.WATCHED))
                .sorted(Comparator.comparing(Finding::detectedAt)
                        .thenComparing(Finding::id)
                        .reversed())
                .map(Finding::id)
                .toList();
    }

    @Test
    void ui_auditTableMissing_oneLineExitTwoBeforeListening() throws IOException {
        // The start check is one Query (the permission `findings` needs), not DescribeTable.
        Path missing = dir.resolve("missing-audit.yaml");
        Files.writeString(
                missing,
                "endpoint: " + TestEndpoint.url() + "\ntable: {name: " + SeededFindings.WATCHED
                        + "}\naudit: {table: no-such-audit-table}\n");
        CliRun run = CliRun.of("ui", "--config", missing.toString(), "--port", "0");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(
                "driftwatch: audit table 'no-such-audit-table' does not exist: create it with `driftwatch tables"
                        + " create` or start the daemon",
                run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void findings_pagesOfFortyInCsv_concatenateToEveryFindingOnceInOrder() {
        List<String> ids = new ArrayList<>();
        String page = null;
        int pages = 0;
        do {
            List<String> args = new ArrayList<>(List.of(
                    "findings",
                    "--config",
                    config.toString(),
                    "--format",
                    "csv",
                    "--since",
                    SINCE,
                    "--until",
                    UNTIL,
                    "--limit",
                    "40"));
            if (page != null) {
                args.addAll(List.of("--page", page));
            }
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            List<String> lines = run.out().lines().toList();
            assertEquals(
                    "id,detectedAt,rule,severity,class,table,itemKey,eventName,sequenceNumber,shardId,"
                            + "approximateCreationTime,lostUnits,writer,writeId,message",
                    lines.get(0));
            lines.stream().skip(1).forEach(line -> ids.add(line.substring(0, line.indexOf(','))));
            Matcher next = NEXT.matcher(run.err());
            page = next.find() ? next.group(1) : null;
            pages++;
        } while (page != null && pages < 20);
        assertEquals(7, pages);
        assertEquals(expectedIds(), ids);
    }

    @Test
    void findings_countByRule_builtInRuleOrderWithTotal() {
        CliRun run =
                CliRun.of("findings", "--config", config.toString(), "--count", "--since", SINCE, "--until", UNTIL);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of(
                        "RULE                          COUNT",
                        "negative-stock                   90",
                        "version-skipped                  90",
                        "conservation                     90",
                        "total                           270"),
                run.out().lines().toList());
    }

    @Test
    void findings_severityCriticalAsJson_onlyConservationLines() {
        CliRun run = CliRun.of(
                "findings",
                "--config",
                config.toString(),
                "--format",
                "json",
                "--severity",
                "CRITICAL",
                "--since",
                SINCE,
                "--until",
                UNTIL,
                "--limit",
                "0");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(90, lines.size());
        assertTrue(
                lines.stream().allMatch(l -> l.contains("\"rule\":\"conservation\"") && l.contains("\"lostUnits\":1")),
                lines.get(0));
    }

    @Test
    void findings_follow_printsAFindingStoredAfterItStartedExactlyOnce() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine command = Main.commandLine();
        command.setOut(new java.io.PrintWriter(out, true));
        java.io.StringWriter err = new java.io.StringWriter();
        command.setErr(new java.io.PrintWriter(err, true));
        Thread follower = new Thread(() -> command.execute(
                "findings",
                "--config",
                config.toString(),
                "--follow",
                "--interval",
                "1s",
                "--format",
                "json",
                "--since",
                "10m"));
        follower.start();
        // Stored only once the command is following, so that only a poll can print it.
        java.time.Instant started = java.time.Instant.now().plusSeconds(20);
        while (!err.toString().contains("following new findings")
                && java.time.Instant.now().isBefore(started)) {
            Thread.sleep(50);
        }
        assertTrue(err.toString().contains("following new findings"), err.toString());
        java.time.Instant now = java.time.Instant.now();
        Finding late = Finding.builder()
                .id("followed-1")
                .ruleId("conservation")
                .severity(dev.driftwatch.finding.Severity.CRITICAL)
                .findingClass(dev.driftwatch.finding.FindingClass.LOST_UPDATE)
                .table(SeededFindings.WATCHED)
                .itemKey("item-9")
                .eventName("MODIFY")
                .sequenceNumber("99999")
                .shardId("shard-1")
                .approximateCreationTime(now.minusMillis(200))
                .detectedAt(now)
                .message("stored while following")
                .oldImage(java.util.Map.of())
                .newImage(java.util.Map.of())
                .writer(java.util.Optional.empty())
                .writeId(java.util.Optional.empty())
                .lostUnits(java.util.Optional.of(java.math.BigDecimal.TEN))
                .build();
        new dev.driftwatch.audit.DynamoDbAuditWriter(
                        TestEndpoint.clients().dynamoDbAsync(),
                        audit,
                        new dev.driftwatch.audit.FindingItems(java.time.Duration.ofDays(1), List.of()))
                .write(List.of(late));
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        while (!out.toString().contains("followed-1") && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Thread.sleep(2500); // two more polls: it must not print it again
        follower.interrupt();
        follower.join(5000);
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), out.toString());
        assertTrue(
                lines.get(0).contains("\"id\":\"followed-1\"") && lines.get(0).contains("\"lostUnits\":10"),
                lines.get(0));
    }

    @Test
    void findings_untilBeforeSince_oneLineExitTwo() {
        CliRun run = CliRun.of("findings", "--config", config.toString(), "--since", UNTIL, "--until", SINCE);
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(run.err().contains("is before --since"), run.err());
    }
}
