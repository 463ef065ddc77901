package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.support.TestEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code driftwatch reconcile} with the stream-gap state in memory (the default): no per-item state to compare
 * with, so it scans nothing and reports what the coverage ledger knows, with its exit code.
 */
class ReconcileCommandIT {
    private static final String STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-11-30";
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    Path dir;

    private Path config(String audit, String watched) throws IOException {
        Path file = dir.resolve("driftwatch.yaml");
        Files.writeString(
                file,
                "endpoint: " + TestEndpoint.url() + "\ntable: {name: " + watched + "}\naudit: {table: " + audit
                        + "}\n");
        return file;
    }

    @Test
    void reconcile_memoryStateNoHole_scansNothingExitZero() throws IOException {
        String audit = TestEndpoint.freshAuditTable();
        String watched = TestEndpoint.freshInventoryTable("orders");

        CliRun run = CliRun.of("reconcile", "--config", config(audit, watched).toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("audit.streamGapState is memory"), run.err());
        assertTrue(run.err().contains("the coverage ledger has no hole"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void reconcile_memoryStateAHole_listsItExitOneAndSinceLeavesOlderHolesOut() throws IOException {
        String audit = TestEndpoint.freshAuditTable();
        String watched = TestEndpoint.freshInventoryTable("orders");
        CoverageLedger ledger = new CoverageLedger(TestEndpoint.clients().dynamoDbAsync(), audit, watched);
        ledger.covered(STREAM, "shardId-2", "100", "150", 51, T0, T0.plusSeconds(10));
        ledger.hole(STREAM, "shardId-2", "150", "9000", T0.plusSeconds(90_000));

        CliRun run = CliRun.of("reconcile", "--config", config(audit, watched).toString());
        CliRun later = CliRun.of(
                "reconcile", "--config", config(audit, watched).toString(), "--since", "2099-01-01T00:00:00Z");

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("the coverage ledger has 1 hole(s)"), run.err());
        assertTrue(
                run.err()
                        .contains("shard shardId-2: 2026-11-30T10:00:10Z to 2026-12-01T11:00:00Z (the shard's"
                                + " checkpoint was trimmed from the stream)"),
                run.err());
        assertEquals(0, later.exitCode(), later.err());
    }
}
