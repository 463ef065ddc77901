package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rules check`, `replay` and `reconcile` from the command line, offline: exit codes, output, one-line errors. */
class RulesReplayCommandTest {
    private static final Path FIXTURE = Path.of("src/test/resources/replay").toAbsolutePath();

    @TempDir
    Path dir;

    private Path fixtureConfig() throws IOException {
        return Files.writeString(
                dir.resolve("driftwatch.yaml"),
                "table: {name: replay-fixture}\nrules: {path: '" + FIXTURE.resolve("rules") + "'}\n");
    }

    @Test
    void rulesCheck_shippedRules_okPerFileExitZero() {
        CliRun run = CliRun.of("rules", "check", "config/rules");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                "config/rules/inventory.yaml: table inventory: 2 CEL rules, 1 built-in settings: ok",
                run.out().strip());
    }

    @Test
    void rulesCheck_celError_oneLineWithFileLineRuleAndPositionExitTwo() throws IOException {
        Path rules = Files.writeString(
                dir.resolve("bad.yaml"),
                "table: inventory\nrules:\n"
                        + "  - {id: typo, class: INVARIANT, assert: 'newSelf.q > 1 && newSelff.x > 1', message: m}\n");

        CliRun run = CliRun.of("rules", "check", rules.toString());

        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: " + rules
                        + ":3: rule typo: assert 1:18: undeclared reference to 'newSelff' (in container '')",
                run.err().strip());
    }

    @Test
    void rulesCheck_sample_printsTheFindingsExitOne() throws IOException {
        CliRun run = CliRun.of(
                "rules",
                "check",
                "--config",
                fixtureConfig().toString(),
                "--sample",
                FIXTURE.resolve("get-records.json").toString(),
                "--format",
                "json");

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"rule\":\"reserved-within-quantity\""), run.out());
        assertTrue(run.out().strip().endsWith("9 sample records, 5 findings, 0 lines skipped"), run.out());
    }

    @Test
    void replay_fixture_findingsAsJsonLinesExitOne() throws IOException {
        CliRun run = CliRun.of(
                "replay",
                "--config",
                fixtureConfig().toString(),
                "--format",
                "json",
                FIXTURE.resolve("get-records.json").toString());

        assertEquals(1, run.exitCode(), run.err());
        ObjectMapper json = new ObjectMapper();
        TreeSet<String> rules = new TreeSet<>();
        for (String line : run.out().strip().split("\n")) {
            rules.add(json.readTree(line).get("rule").asText());
        }
        assertEquals(
                List.of(
                        "negative-stock",
                        "remove-with-stock",
                        "reserved-within-quantity",
                        "version-not-incremented",
                        "version-skipped"),
                List.copyOf(rules));
        assertTrue(run.err().strip().endsWith("replay: 9 records, 5 findings, 0 lines skipped"), run.err());
    }

    /** One stream record as JSON lines: a MODIFY of sku-1 from (quantity, updated_at) to (quantity, updated_at). */
    private static String modify(long sequence, int oldQuantity, String oldAt, int newQuantity, String newAt) {
        return "{\"eventName\":\"MODIFY\",\"dynamodb\":{\"ApproximateCreationDateTime\":1795660520,"
                + "\"Keys\":{\"sku\":{\"S\":\"sku-1\"}},"
                + "\"OldImage\":{\"sku\":{\"S\":\"sku-1\"},\"quantity\":{\"N\":\"" + oldQuantity
                + "\"},\"updated_at\":{\"S\":\"" + oldAt + "\"}},"
                + "\"NewImage\":{\"sku\":{\"S\":\"sku-1\"},\"quantity\":{\"N\":\"" + newQuantity
                + "\"},\"updated_at\":{\"S\":\"" + newAt + "\"}},"
                + "\"SequenceNumber\":\"" + sequence + "\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}\n";
    }

    /**
     * Issue 22, the seed scenario, replayed from an export as a team would before deploying anything: two requests
     * read quantity 10 and both wrote 9 with a new updated_at. The stream holds 10 → 9 and 9 → 9; the second is
     * the lost update, one unit.
     */
    @Test
    void replay_seedScenarioOfUnstampedWriters_oneCounterUnchangedFinding() throws IOException {
        Path config = Files.writeString(
                dir.resolve("unstamped.yaml"),
                "table: {name: shop, unstamped: {writeMarker: updated_at, counters: [quantity], units: [-1]}}\n");
        Path export = Files.writeString(
                dir.resolve("seed.jsonl"), modify(1001, 10, "t0", 9, "t1") + modify(1002, 9, "t1", 9, "t2"));

        CliRun run = CliRun.of("replay", "--config", config.toString(), "--format", "json", export.toString());

        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = List.of(run.out().strip().split("\n"));
        assertEquals(1, lines.size(), run.out());
        var finding = new ObjectMapper().readTree(lines.get(0));
        assertEquals("counter-unchanged", finding.get("rule").asText());
        assertEquals("LOST_UPDATE", finding.get("class").asText());
        assertEquals("1002", finding.get("sequenceNumber").asText());
        assertEquals(1, finding.get("lostUnits").asInt());
    }

    /**
     * Issue 22, a stale read the counter does not give away: A and B read 10, A writes 9, C reads 9 and writes 8, B
     * writes 9 from its read of 10. The stream holds 10 → 9, 9 → 8, 8 → 9; the last undid two decrements.
     */
    @Test
    void replay_writeFromSupersededValue_oneStaleBaseFindingTwoUnits() throws IOException {
        Path config = Files.writeString(
                dir.resolve("unstamped.yaml"),
                "table: {name: shop, unstamped: {writeMarker: updated_at, counters: [quantity], units: [-1]}}\n");
        Path export = Files.writeString(
                dir.resolve("stale.jsonl"),
                modify(1001, 10, "t0", 9, "t1") + modify(1002, 9, "t1", 8, "t2") + modify(1003, 8, "t2", 9, "t3"));

        CliRun run = CliRun.of("replay", "--config", config.toString(), "--format", "json", export.toString());

        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = List.of(run.out().strip().split("\n"));
        assertEquals(1, lines.size(), run.out());
        var finding = new ObjectMapper().readTree(lines.get(0));
        assertEquals("stale-base", finding.get("rule").asText());
        assertEquals("LOST_UPDATE", finding.get("class").asText());
        assertEquals("ERROR", finding.get("severity").asText());
        assertEquals("1003", finding.get("sequenceNumber").asText());
        assertEquals(2, finding.get("lostUnits").asInt());
    }

    /**
     * One lost write, one finding: a write that kept quantity (counter-unchanged, 1 unit) and moved reserved from a
     * superseded value (what stale-base would call 2 units) is counter-unchanged's alone, never both summed.
     */
    @Test
    void replay_writeKeptOneCounterAndMovedAnotherFromAStaleRead_oneFinding() throws IOException {
        Path config = Files.writeString(
                dir.resolve("two.yaml"),
                "table: {name: shop, unstamped: {writeMarker: updated_at, counters: [quantity, reserved],"
                        + " units: [-1]}}\n");
        Path export = Files.writeString(
                dir.resolve("two.jsonl"),
                twoCounters(1001, 10, 5, "t0", 9, 4, "t1")
                        + twoCounters(1002, 9, 4, "t1", 8, 3, "t2")
                        + twoCounters(1003, 8, 3, "t2", 8, 4, "t3"));

        CliRun run = CliRun.of("replay", "--config", config.toString(), "--format", "json", export.toString());

        List<String> lines = List.of(run.out().strip().split("\n"));
        assertEquals(1, lines.size(), run.out());
        var finding = new ObjectMapper().readTree(lines.get(0));
        assertEquals("counter-unchanged", finding.get("rule").asText());
        assertEquals("1003", finding.get("sequenceNumber").asText());
        assertEquals(1, finding.get("lostUnits").asInt());
    }

    private static String twoCounters(
            long sequence,
            int oldQuantity,
            int oldReserved,
            String oldAt,
            int newQuantity,
            int newReserved,
            String newAt) {
        return "{\"eventName\":\"MODIFY\",\"dynamodb\":{\"ApproximateCreationDateTime\":1795660520,"
                + "\"Keys\":{\"sku\":{\"S\":\"sku-1\"}},"
                + "\"OldImage\":{\"sku\":{\"S\":\"sku-1\"},\"quantity\":{\"N\":\"" + oldQuantity
                + "\"},\"reserved\":{\"N\":\"" + oldReserved + "\"},\"updated_at\":{\"S\":\"" + oldAt + "\"}},"
                + "\"NewImage\":{\"sku\":{\"S\":\"sku-1\"},\"quantity\":{\"N\":\"" + newQuantity
                + "\"},\"reserved\":{\"N\":\"" + newReserved + "\"},\"updated_at\":{\"S\":\"" + newAt + "\"}},"
                + "\"SequenceNumber\":\"" + sequence + "\",\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"}}\n";
    }

    @Test
    void replay_missingFile_oneLineExitTwo() throws IOException {
        CliRun run = CliRun.of(
                "replay",
                "--config",
                fixtureConfig().toString(),
                dir.resolve("absent.jsonl").toString());

        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: " + dir.resolve("absent.jsonl") + ": no such file",
                run.err().strip());
    }

    @Test
    void replay_noFile_usageErrorExitTwo() {
        CliRun run = CliRun.of("replay");

        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(run.err().startsWith("driftwatch: Missing required parameter: 'FILE'"), run.err());
    }

    @Test
    void run_badRulesFile_oneLineExitTwoBeforeAnyAwsCall() throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        Path rules = Files.writeString(
                dir.resolve("rules/inventory.yaml"), "table: inventory\nbuiltins: {negative-stok: off}\n");
        Path config =
                Files.writeString(dir.resolve("run.yaml"), "endpoint: http://127.0.0.1:9\ntable: {name: inventory}\n");

        CliRun run = CliRun.of("run", "--config", config.toString());

        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(
                run.err().startsWith("driftwatch: " + rules + ": builtins.negative-stok: no such built-in rule"),
                run.err());
    }

    @Test
    void reconcile_segmentsOutOfRange_oneLineExitTwo() {
        CliRun run = CliRun.of("reconcile", "--segments", "0");

        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: --segments: expected 1 to 64, got 0 (see 'driftwatch reconcile --help')",
                run.err().strip());
    }
}
