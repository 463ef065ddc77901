package dev.driftwatch.cli;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.app.Endpoints;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.reconcile.Reconciler;
import java.io.PrintWriter;
import java.time.Duration;
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
            "Scan the watched table in parallel and compare each item with the last image the audit trail saw",
            "(the stream-gap state): items changed without a stream record, items never seen, and items whose version",
            "is behind the last seen become DRIFT findings in the audit table. Safe to interrupt and run again.",
            "Exit status: 0 no drift, 1 drift found, 2 bad usage."
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
        Reconciler reconciler = Assembly.of(loaded, clients).reconciler();
        Reconciler.Report report = reconciler.run(segments, settle, throttled);
        PrintWriter out = spec.commandLine().getOut();
        new FindingPrinter(out, format).printAll(report.findings());
        err.printf(
                "reconcile: %,d items scanned, %,d drifted (stored in %s), %,d differences settled by the daemon%n",
                report.scanned(), report.findings().size(), loaded.audit().table(), report.settled());
        err.flush();
        return report.findings().isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS_OR_FAILURE;
    }
}
