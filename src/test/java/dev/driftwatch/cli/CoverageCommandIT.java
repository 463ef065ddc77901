package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.support.TestEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code driftwatch coverage} over a ledger written through its API: shards, redeliveries, holes, exit codes. */
class CoverageCommandIT {
    private static final String STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-11-30";
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    Path dir;

    private Path config(String audit) throws IOException {
        Path file = dir.resolve("driftwatch.yaml");
        Files.writeString(
                file, "endpoint: " + TestEndpoint.url() + "\ntable: {name: orders}\naudit: {table: " + audit + "}\n");
        return file;
    }

    @Test
    void coverage_batchesAndARedelivery_oneShardCountedOnceExitZero() throws IOException {
        String audit = TestEndpoint.freshAuditTable();
        CoverageLedger ledger = new CoverageLedger(TestEndpoint.clients().dynamoDbAsync(), audit, "orders");
        ledger.covered(STREAM, "shardId-1", "100", "199", 100, T0, T0.plusSeconds(50));
        ledger.covered(STREAM, "shardId-1", "200", "299", 100, T0.plusSeconds(51), T0.plusSeconds(90));
        ledger.covered(STREAM, "shardId-1", "200", "299", 100, T0.plusSeconds(51), T0.plusSeconds(90)); // again

        CliRun run = CliRun.of("coverage", "--config", config(audit).toString());

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("coverage of orders", lines.get(0));
        assertTrue(
                lines.get(2).matches("shardId-1\\s+2026-11-30T10:00:00Z\\s+2026-11-30T10:01:30Z\\s+200"), lines.get(2));
        assertEquals("0 hole(s)", lines.get(3));
        assertEquals(200, ledger.shards().get(0).records());
    }

    @Test
    void coverage_aHole_listedWithItsStretchExitOne() throws IOException {
        String audit = TestEndpoint.freshAuditTable();
        CoverageLedger ledger = new CoverageLedger(TestEndpoint.clients().dynamoDbAsync(), audit, "orders");
        ledger.covered(STREAM, "shardId-2", "100", "150", 51, T0, T0.plusSeconds(10));
        ledger.hole(STREAM, "shardId-2", "150", "9000", T0.plusSeconds(90_000));

        CliRun run = CliRun.of("coverage", "--config", config(audit).toString());
        CliRun json = CliRun.of("coverage", "--config", config(audit).toString(), "--format", "json");

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(
                run.out()
                        .contains(
                                "HOLE shardId-2: the shard's checkpoint was trimmed from the stream: records after sequence 150 (the last audited, created "
                                        + "2026-11-30T10:00:10Z) up to sequence 9000 (created 2026-12-01T11:00:00Z) may never have"
                                        + " been audited"),
                run.out());
        assertEquals(1, json.exitCode());
        assertTrue(json.out().lines().anyMatch(line -> line.startsWith("{\"type\":\"hole\"")), json.out());
    }

    @Test
    void coverage_aWholeStreamHole_listedWithItsCauseExitOne() throws IOException {
        String audit = TestEndpoint.freshAuditTable();
        CoverageLedger ledger = new CoverageLedger(TestEndpoint.clients().dynamoDbAsync(), audit, "orders");
        ledger.covered(STREAM, "shardId-2", "100", "150", 51, T0, T0.plusSeconds(10));
        ledger.lost(
                STREAM + "-2",
                "replaced-x",
                Optional.of(T0.plusSeconds(10)),
                T0.plusSeconds(60),
                "the table's stream was disabled and a new one enabled");

        CliRun run = CliRun.of("coverage", "--config", config(audit).toString());

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(
                run.out()
                        .contains("HOLE stream " + STREAM + "-2: the table's stream was disabled and a new one enabled:"
                                + " changes made after 2026-11-30T10:00:10Z and before 2026-11-30T10:01:00Z may never"
                                + " have been audited"),
                run.out());
    }
}
