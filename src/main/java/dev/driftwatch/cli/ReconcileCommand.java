package dev.driftwatch.cli;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.app.Endpoints;
import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.cost.CostMeter;
import dev.driftwatch.reconcile.Reconciler;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Scans the watched table and compares every item with what the audit trail last saw of it. */
@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        description = {
            "Scan the watched table in parallel and compare each item with the last image the audit trail saw (the",
            "durable stream-gap state, audit.streamGapState: durable): items changed without a stream record, items",
            "created without one, and items whose version is behind the last seen become DRIFT findings in the audit",
            "table. The first reconcile of a table (or --baseline) adopts the items the trail never saw as they are,",
            "and counts them: an item merely older than the stream is not drift. Safe to interrupt and run again.",
            "With the stream-gap state in memory (the default) there is no per-item state to compare with: reconcile",
            "then reports what the coverage ledger knows went unaudited, and scans nothing.",
            "Exit status: 0 no drift (or no hole in coverage), 1 drift found (or holes), 2 bad usage."
        })
final class ReconcileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--segments",
            paramLabel = "N",
            defaultValue = "4",
            description = "parallel scan segments, 1 to 64 (default: ${DEFAULT-VALUE})")
    int segments;

    @Option(
            names = "--settle",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "read differences again after this long, so that records the daemon has not read yet are "
                    + "not reported; 0s to skip (default: ${DEFAULT-VALUE})")
    Duration settle;

    @Option(
            names = "--baseline",
            description = "take the baseline anew: adopt every item as it is now, seen or not, count it and report"
                    + " nothing (after switching to audit.streamGapState: durable, or once a wholesale difference is"
                    + " understood); the first reconcile of a table adopts the items never seen anyway")
    boolean baseline;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description = "with the in-memory state: only holes open at or after: a duration ago (30m, 6h, 7d) or an"
                    + " instant")
    Instant since;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, json or csv; default: ${DEFAULT-VALUE}")
    FindingPrinter.Format format;

    @Override
    public Integer call() throws InterruptedException {
        if (segments < 1 || segments > 64) {
            throw new ParameterException(spec.commandLine(), "--segments: expected 1 to 64, got " + segments);
        }
        DriftwatchConfig loaded = config.load();
        AwsClients clients = Endpoints.clients(loaded);
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> lines = ProgressLines.to(err);
        long[] last = {0};
        Consumer<String> throttled = line -> {
            long now = System.nanoTime();
            if (now - last[0] > 1_000_000_000L || line.contains("100%") || !line.startsWith("reconcile: [")) {
                last[0] = now;
                lines.accept(line);
            }
        };
        Assembly assembly = Assembly.of(loaded, clients);
        if (loaded.audit().streamGapState() == AuditConfig.GapState.MEMORY) {
            return coverageOnly(
                    assembly.coverageLedger(),
                    err,
                    "audit.streamGapState is memory: the audit trail keeps no per-item state");
        }
        if (!assembly.rules().streamGap()) {
            return coverageOnly(
                    assembly.coverageLedger(),
                    err,
                    "the stream-gap check is off (builtins: {stream-gap: off}): nothing keeps the per-item state");
        }
        CostMeter meter = new CostMeter();
        Reconciler.Report report;
        try (AwsClients metered = new AwsClients(
                clients.endpoint(), clients.region(), List.of(Assembly.meteringInterceptor(loaded, meter)))) {
            Reconciler reconciler = Assembly.of(loaded, metered).reconciler();
            report = reconciler.run(segments, settle, baseline, throttled);
        }
        PrintWriter out = spec.commandLine().getOut();
        new FindingPrinter(out, format).printAll(report.findings());
        err.printf(
                "reconcile: %,d items scanned, %,d drifted (stored in %s), %,d differences settled by the daemon%n",
                report.scanned(), report.findings().size(), loaded.audit().table(), report.settled());
        err.printf(
                "reconcile: %,d items never seen adopted as the baseline (%s)%s%n",
                report.adopted(),
                report.baseline(),
                baseline ? String.format(", %,d seen items different now taken as they are", report.rebased()) : "");
        if (report.notHeld() > 0) {
            err.printf(
                    "reconcile: %,d more items differ and were neither read again nor stored: the table has diverged"
                            + " wholesale (a restore?); run reconcile --baseline once the cause is known%n",
                    report.notHeld());
        }
        err.printf(
                "reconcile: cost %,.1f read units and %,.1f write units%n",
                meter.total(key -> key.kind() == CostMeter.Kind.READ_UNITS),
                meter.total(key -> key.kind() == CostMeter.Kind.WRITE_UNITS));
        err.flush();
        return report.findings().isEmpty() && report.notHeld() == 0 ? ExitCodes.OK : ExitCodes.FINDINGS_OR_FAILURE;
    }

    /** What can be concluded without per-item state: the coverage ledger's holes. */
    private int coverageOnly(CoverageLedger ledger, PrintWriter err, String why) {
        Instant from = since == null ? Instant.EPOCH : since;
        List<CoverageLedger.Hole> holes =
                ledger.holes().stream().filter(hole -> hole.openAtOrAfter(from)).toList();
        err.println("reconcile: " + why + ", so no item can be compared with what the trail saw; nothing scanned.");
        if (holes.isEmpty()) {
            err.println("reconcile: the coverage ledger has no hole" + (since == null ? "" : " since " + since)
                    + ": no stream record is known to have gone unread (a batch skipped by a defect is counted in"
                    + " driftwatch_batches_skipped_total, not here).");
            err.flush();
            return ExitCodes.OK;
        }
        err.printf(
                "reconcile: the coverage ledger has %d hole(s)%s: changes made then may never have been audited"
                        + " (driftwatch coverage lists them). To find the items, set audit.streamGapState: durable"
                        + " with the stream-gap check on, run reconcile --baseline, and reconcile after the next hole.%n",
                holes.size(), since == null ? "" : " since " + since);
        for (CoverageLedger.Hole hole : holes) {
            err.printf(
                    "  %s: %s to %s (%s)%n",
                    hole.wholeStream() ? "stream " + hole.streamArn() : "shard " + hole.shardId(),
                    hole.from().map(Object::toString).orElse("?"),
                    hole.until(),
                    hole.cause());
        }
        err.flush();
        return ExitCodes.FINDINGS_OR_FAILURE;
    }
}
