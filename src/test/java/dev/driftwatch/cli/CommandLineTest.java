package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "local",
                "local start",
                "local stop",
                "local status",
                "tables",
                "tables create",
                "run",
                "findings",
                "alerts",
                "alerts pending",
                "alerts resend",
                "rules",
                "rules check",
                "replay",
                "reconcile",
                "demo",
                "bench",
                "bench throughput",
                "bench latency"
            })
    void help_everyCommand_printsUsageAndExitsZero(String command) {
        String[] args = (command + " --help").trim().split(" ");
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: driftwatch"), run.out());
    }

    @Test
    void execute_unknownOption_oneLineAndExitTwo() {
        CliRun run = CliRun.of("demo", "--writerz", "3");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines());
        assertEquals(
                "driftwatch: Unknown options: '--writerz', '3' (see 'driftwatch demo --help')",
                run.err().strip());
    }

    @Test
    void execute_badNumber_oneLineNamingTheOption() {
        CliRun run = CliRun.of("demo", "--writers", "many");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines());
        assertTrue(run.err().contains("--writers"), run.err());
    }

    @Test
    void execute_writersOutOfRange_oneLineExitTwo() {
        CliRun run = CliRun.of("demo", "--writers", "0", "--config", "config/driftwatch.yaml");
        assertEquals(2, run.exitCode());
        assertEquals("driftwatch: writers must be 1 to 256, got: 0", run.err().strip());
    }

    @Test
    void benchThroughput_violatingAbove100_oneLineExitTwo() {
        CliRun run = CliRun.of("bench", "throughput", "--violating", "1,120", "--config", "config/driftwatch.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: a violating percentage must be 0 to 100, got 120",
                run.err().strip());
    }

    @Test
    void benchThroughput_unknownAuditEndpoint_oneLineExitTwo() {
        CliRun run =
                CliRun.of("bench", "throughput", "--audit-endpoint", "third", "--config", "config/driftwatch.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: --audit-endpoint must be same or second, got: 'third'",
                run.err().strip());
    }

    @Test
    void ui_allowedHostWithScheme_oneLineExitTwo() {
        CliRun run =
                CliRun.of("ui", "--allowed-host", "https://audit.example.com", "--config", "config/driftwatch.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: --allowed-host: expected a host name such as audit.example.com (no scheme, no port),"
                        + " got 'https://audit.example.com'",
                run.err().strip());
    }

    @Test
    void compressed_ipv6Addresses_asPeopleWriteThem() {
        assertEquals("::1", UiCommand.compressed("0:0:0:0:0:0:0:1"));
        assertEquals("::", UiCommand.compressed("0:0:0:0:0:0:0:0"));
        assertEquals("fe80::1%lo", UiCommand.compressed("fe80:0:0:0:0:0:0:1%lo"));
        assertEquals("2001:db8::1:0:0:1", UiCommand.compressed("2001:db8:0:0:1:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", UiCommand.compressed("2001:db8:0:1:1:1:1:1"));
        assertEquals("1::", UiCommand.compressed("1:0:0:0:0:0:0:0"));
    }

    @Test
    void benchLatency_zeroRate_oneLineExitTwo() {
        CliRun run = CliRun.of("bench", "latency", "--rate", "0", "--config", "config/driftwatch.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: rate must be 1 to 10000 writes/s, got 0", run.err().strip());
    }

    @Test
    void benchCost_fewerItemsThanOneBatch_oneLineExitTwo() {
        CliRun run =
                CliRun.of("bench", "cost", "--records", "100", "--items", "5", "--config", "config/driftwatch.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: items must be from 25 (or all records, when fewer) to the number of records, got 5",
                run.err().strip());
    }

    @Test
    void bench_noSubcommand_oneLineExitTwo() {
        CliRun run = CliRun.of("bench");
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: missing command: one of throughput, latency, cost (see 'driftwatch bench --help')",
                run.err().strip());
    }

    @Test
    void execute_badDuration_oneLineExitTwo() {
        CliRun run = CliRun.of("findings", "--interval", "soon");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines());
        assertTrue(run.err().contains("expected a duration like 90s, 15m, 2h, 7d or PT1H, got 'soon'"), run.err());
    }

    /** The arguments are checked before the endpoint is needed: a bad window is exit 2 even with it down. */
    @Test
    void findings_untilBeforeSince_oneLineExitTwoBeforeAnyEndpoint() {
        CliRun run = CliRun.of("findings", "--since", "1h", "--until", "2h", "--config", "config/driftwatch.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines());
        assertTrue(run.err().contains("is before --since"), run.err());
    }

    @Test
    void reconcile_negativeSettle_oneLineExitTwo() {
        CliRun run = CliRun.of("reconcile", "--settle", "PT-5S", "--config", "config/driftwatch.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines());
        assertTrue(run.err().contains("expected a duration of zero or more, got 'PT-5S'"), run.err());
    }

    @Test
    void execute_badTime_oneLineNamingBothForms() {
        CliRun run = CliRun.of("findings", "--since", "2026-13-45");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines());
        assertTrue(run.err().contains("expected an instant like 2026-11-25T10:00:00Z, got '2026-13-45'"), run.err());
    }

    @Test
    void findings_badPageToken_oneLineExitTwo() {
        CliRun run = CliRun.of("findings", "--page", "nonsense", "--config", "config/driftwatch.yaml");
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: --page: expected the token printed by the previous page, got 'nonsense'",
                run.err().strip());
    }

    @Test
    void execute_badFormat_oneLineExitTwo() {
        CliRun run = CliRun.of("findings", "--format", "xml");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines());
    }

    @Test
    void execute_missingSubcommand_oneLineExitTwo() {
        CliRun run = CliRun.of("local");
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: missing command: one of start, stop, status (see 'driftwatch local --help')",
                run.err().strip());
    }

    @Test
    void execute_configWithUnknownKey_oneLineExitTwoNamingFileAndKey() throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "table: {name: t}\nalerts: {minSeverity: ERROR, loudness: 11}\n");
        CliRun run = CliRun.of("findings", "--config", config.toString());
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: " + config + ": alerts.loudness: unknown key",
                run.err().strip());
    }

    @Test
    void execute_missingConfigFile_oneLineExitTwo() {
        CliRun run = CliRun.of("run", "--config", dir.resolve("absent.yaml").toString());
        assertEquals(2, run.exitCode());
        assertEquals(
                "driftwatch: " + dir.resolve("absent.yaml") + ": no such file",
                run.err().strip());
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badConfigs() {
        return java.util.stream.Stream.of(
                args("table: {name: t, floor: lots}", "table.floor: expected a number, got: 'lots'"),
                args("table: {name: t}\nregion: ''", "region: must not be blank"),
                args(
                        "table: {name: t}\nendpoint: ftp://x",
                        "endpoint: expected 'local', empty or an http(s) URL, got: 'ftp://x'"),
                args(
                        "table: {name: t}\naudit: {retentionDays: 0}",
                        "audit.retentionDays: expected 1 to 36500 days, got: 0"),
                args("table: {name: t}\naudit: {redact: secret}", "audit.redact: expected a list, got: 'secret'"),
                args("table: {name: t}\nconsumer: {maxRecords: 0}", "consumer.maxRecords: expected 1 to 1000, got: 0"),
                args(
                        "table: {name: t}\nconsumer: {failoverMillis: soon}",
                        "consumer.failoverMillis: expected a whole number, got: 'soon'"),
                args(
                        "table: {name: t}\nalerts: {minSeverity: LOUD}",
                        "alerts.minSeverity: expected one of INFO, WARNING, ERROR, CRITICAL, got: 'LOUD'"),
                args("table: {name: t, attributes: {quantity: ''}}", "table.attributes.quantity: must not be blank"),
                args("tables: {name: t}", "table.name: required: the name of the watched table"),
                args("table: {name: t}\nhttp: {port: 70000}", "http.port: expected 0 to 65535, got: 70000"),
                args("table: {name: t}\nhttp: {bind: ''}", "http.bind: must not be blank"),
                args(
                        "table: {name: t}\nalerts: {sinks: [{type: webhook, name: slack, format: slack, urlEnv: DW_TEST_UNSET_URL}]}",
                        "alerts sink 'slack': environment variable DW_TEST_UNSET_URL is not set"),
                args(
                        "table: {name: t}\nalerts: {sinks: []}",
                        "alerts.sinks: at least one sink is needed (type: log always works)"),
                args("- just\n- a list", "expected a mapping at the top level"));
    }

    private static org.junit.jupiter.params.provider.Arguments args(String yaml, String reason) {
        return org.junit.jupiter.params.provider.Arguments.of(yaml, reason);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("badConfigs")
    void run_badConfig_oneLineNamingTheKeyAndExitTwo(String yaml, String reason) throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, yaml + "\n");
        CliRun run = CliRun.of("run", "--config", config.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines(), run.err());
        assertTrue(run.err().strip().endsWith(reason), run.err());
    }
}
