package dev.driftwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.RulesConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.ruleset.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed fixture: {@code aws dynamodbstreams get-records} output of the scenario's stream,
 * and the findings the daemon stored for it live (both made by ReplayFixtureGenerator).
 */
class ReplayFixtureTest {
    private static final Path FIXTURE = ReplayFixtureGenerator.DIRECTORY;

    @TempDir
    Path dir;

    static DriftwatchConfig config() {
        DriftwatchConfig loaded = new ConfigLoader(Map.of("DRIFTWATCH_TABLE_NAME", ReplayFixtureGenerator.TABLE))
                .load(Path.of("config/driftwatch.yaml"));
        return loaded.withRules(new RulesConfig(FIXTURE.resolve("rules"), true));
    }

    private static List<String> lines(List<Finding> findings) {
        List<String> lines = new ArrayList<>();
        for (Finding f : findings) {
            lines.add(f.id() + "\t" + f.ruleId() + "\t" + f.itemKey() + "\t"
                    + f.lostUnits().map(Object::toString).orElse("-"));
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void run_getRecordsOutputOfTheCli_sameFindingsAsTheDaemonLive() throws IOException {
        DriftwatchConfig config = config();
        List<String> progress = new ArrayList<>();

        Replay.Report report = new Replay(Assembly.offline(config, RuleSet.forConfig(config)), progress::add, "replay")
                .run(List.of(FIXTURE.resolve("get-records.json")));

        assertEquals(Files.readAllLines(FIXTURE.resolve("daemon-findings.tsv")), lines(report.findings()));
        assertEquals(9, report.records());
        assertEquals(List.of(), report.badLines());
        assertEquals(
                "replay: get-records.json 100%, 9 records, 5 findings, 0 skipped", progress.get(progress.size() - 1));
    }

    @Test
    void run_sameFileTwice_findingsOnceAndNoStreamGap() {
        DriftwatchConfig config = config();
        Path file = FIXTURE.resolve("get-records.json");

        Replay.Report report = new Replay(Assembly.offline(config, RuleSet.forConfig(config)), line -> {}, "replay")
                .run(List.of(file, file));

        assertEquals(5, report.findings().size());
        assertEquals(18, report.records());
    }

    @Test
    void run_truncatedDocument_reportsItsLineAndKeepsWhatCameBefore() throws IOException {
        List<String> all = Files.readAllLines(FIXTURE.resolve("get-records.json"));
        Path truncated = Files.write(dir.resolve("truncated.json"), all.subList(0, 60));
        List<String> progress = new ArrayList<>();
        DriftwatchConfig config = config();

        Replay.Report report = new Replay(Assembly.offline(config, RuleSet.forConfig(config)), progress::add, "replay")
                .run(List.of(truncated));

        assertEquals(0, report.records());
        assertEquals(1, report.badLines().size());
        assertTrue(
                report.badLines().get(0).startsWith(truncated + ":61: not valid JSON: Unexpected end-of-input"),
                report.badLines().get(0));
        assertTrue(progress.contains("replay: skipped " + report.badLines().get(0)), progress.toString());
    }

    @Test
    void run_jsonLinesWithBadLines_reportsEachWithItsNumberAndReadsTheRest() throws IOException {
        String good = "{\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{\"sku\":{\"S\":\"a\"}},"
                + "\"NewImage\":{\"sku\":{\"S\":\"a\"},\"quantity\":{\"N\":\"-3\"},\"version\":{\"N\":\"1\"}},"
                + "\"SequenceNumber\":\"100\",\"ApproximateCreationDateTime\":1795660520.5}}";
        String badTag = good.replace("{\"N\":\"-3\"}", "{\"X\":\"-3\"}").replace("\"100\"", "\"101\"");
        String noSequence = good.replace(",\"SequenceNumber\":\"100\"", "");
        String twoRecords = "{\"Records\":[" + good.replace("\"a\"", "\"b\"").replace("\"100\"", "\"102\"")
                + ",{\"eventName\":\"NOPE\"}]}";
        Path file = Files.write(
                dir.resolve("records.jsonl"), List.of(good, "{not json", "", badTag, noSequence, twoRecords));
        DriftwatchConfig config = config();

        Replay.Report report = new Replay(Assembly.offline(config, RuleSet.forConfig(config)), line -> {}, "replay")
                .run(List.of(file));

        assertEquals(2, report.records());
        assertEquals(
                List.of("a", "b"),
                report.findings().stream().map(Finding::itemKey).distinct().toList());
        assertEquals(4, report.badLines().size(), report.badLines().toString());
        assertTrue(
                report.badLines().get(0).startsWith(file + ":2: not valid JSON: "),
                report.badLines().get(0));
        assertEquals(
                file + ":4: NewImage.quantity: unknown type tag 'X'",
                report.badLines().get(1));
        assertEquals(
                file + ":5: record has no sequence number", report.badLines().get(2));
        assertEquals(
                file + ":6: Records[1]: record has no dynamodb section",
                report.badLines().get(3));
    }

    /**
     * Issue 16 item 7: a creation time or a number out of range is a bad line; the lines after it are read.
     * A numeric creation time past Instant's range threw past the per-line handler and aborted the file.
     */
    @Test
    void run_numbersOutOfRange_badLinesAndTheRestRead() throws IOException {
        String good = "{\"eventName\":\"MODIFY\",\"dynamodb\":{\"Keys\":{\"sku\":{\"S\":\"a\"}},"
                + "\"OldImage\":{\"sku\":{\"S\":\"a\"},\"quantity\":{\"N\":\"1\"},\"version\":{\"N\":\"1\"}},"
                + "\"NewImage\":{\"sku\":{\"S\":\"a\"},\"quantity\":{\"N\":\"-3\"},\"version\":{\"N\":\"1\"}},"
                + "\"SequenceNumber\":\"100\",\"ApproximateCreationDateTime\":1795660520.5}}";
        String farFuture = good.replace("1795660520.5", "1e300").replace("\"100\"", "\"101\"");
        String hugeNumber =
                good.replace("{\"N\":\"-3\"}", "{\"N\":\"1E+999999999\"}").replace("\"100\"", "\"102\"");
        String tooPrecise = good.replace("{\"N\":\"-3\"}", "{\"N\":\"1234567890123456789012345678901234567890\"}")
                .replace("\"100\"", "\"103\"");
        String last = good.replace("\"a\"", "\"z\"").replace("\"100\"", "\"104\"");
        Path file = Files.write(dir.resolve("hostile.jsonl"), List.of(good, farFuture, hugeNumber, tooPrecise, last));
        DriftwatchConfig config = config();

        Replay.Report report = new Replay(Assembly.offline(config, RuleSet.forConfig(config)), line -> {}, "replay")
                .run(List.of(file));

        assertEquals(2, report.records(), report.badLines().toString());
        assertEquals(3, report.badLines().size(), report.badLines().toString());
        assertTrue(
                report.badLines().get(0).startsWith(file + ":2: ApproximateCreationDateTime"),
                report.badLines().get(0));
        assertTrue(
                report.badLines().get(1).startsWith(file + ":3: NewImage.quantity: "),
                report.badLines().get(1));
        assertTrue(
                report.badLines().get(2).startsWith(file + ":4: NewImage.quantity: "),
                report.badLines().get(2));
    }
}
