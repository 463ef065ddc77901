package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", "local", "local start", "local stop", "local status", "tables", "tables create", "run",
        "findings", "demo"})
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
        assertEquals("driftwatch: Unknown options: '--writerz', '3' (see 'driftwatch demo --help')", run.err().strip());
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
    void execute_badDuration_oneLineExitTwo() {
        CliRun run = CliRun.of("findings", "--since", "soon");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines());
        assertTrue(run.err().contains("expected a duration like 90s, 15m, 2h, 7d or PT1H, got 'soon'"), run.err());
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
        assertEquals("driftwatch: missing command: one of start, stop, status (see 'driftwatch local --help')", run.err().strip());
    }

    @Test
    void execute_configWithUnknownKey_oneLineExitTwoNamingFileAndKey() throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "table: {name: t}\nalerts: {minSeverity: ERROR, loudness: 11}\n");
        CliRun run = CliRun.of("findings", "--config", config.toString());
        assertEquals(2, run.exitCode());
        assertEquals("driftwatch: " + config + ": alerts.loudness: unknown key", run.err().strip());
    }

    @Test
    void execute_missingConfigFile_oneLineExitTwo() {
        CliRun run = CliRun.of("run", "--config", dir.resolve("absent.yaml").toString());
        assertEquals(2, run.exitCode());
        assertEquals("driftwatch: " + dir.resolve("absent.yaml") + ": no such file", run.err().strip());
    }
}
