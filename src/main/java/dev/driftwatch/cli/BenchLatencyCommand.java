package dev.driftwatch.cli;

import dev.driftwatch.app.SessionEndpoint;
import dev.driftwatch.bench.LatencyBenchmark;
import dev.driftwatch.bench.LatencySettings;
import dev.driftwatch.bench.Percentiles;
import dev.driftwatch.bench.StreamPollTimes;
import dev.driftwatch.config.DriftwatchConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Time from a violating write to its finding in the audit table, with the daemon running. */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        description = {
            "Write new items at a steady rate while the daemon audits the stream; for each violating write,",
            "print the time from its acknowledgement to its finding's stored audit row (p50/p95/p99), split into",
            "polling, KCL and the audit write."
        })
final class BenchLatencyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--rate", defaultValue = "100", description = "writes per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "how long to write (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(
            names = "--violating",
            defaultValue = "10",
            paramLabel = "PERCENT",
            description = "percentage of violating writes (default: ${DEFAULT-VALUE})")
    int violating;

    @Option(
            names = "--timeout",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description =
                    "longest wait for KCL start-up and for the findings after the writes (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        LatencySettings settings = UsageException.check(() -> new LatencySettings(rate, duration, violating, timeout));
        DriftwatchConfig loaded = config.load();
        QuietAlerts.apply();
        PrintWriter err = spec.commandLine().getErr();
        StreamPollTimes polls = new StreamPollTimes(loaded.table().key());
        LatencyBenchmark.Report report;
        try (SessionEndpoint endpoint = SessionEndpoint.open(loaded, err, List.of(polls))) {
            report = new LatencyBenchmark(endpoint.clients(), loaded, polls, ProgressLines.to(err)).run(settings);
        } catch (TimeoutException e) {
            throw new IllegalStateException("benchmark stopped: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.printf(
                "%,d writes at %d/s requested (%.1f/s achieved), %,d violating, %,d findings timed%n",
                report.writes(), rate, report.achievedRate(), report.violating(), report.measured());
        out.println("| part (ms) | p50 | p95 | p99 | max |");
        out.println("| --- | ---: | ---: | ---: | ---: |");
        row(out, "write → finding stored (total)", report.total());
        row(out, "polling: write acked → GetRecords returned it", report.polling());
        row(out, "KCL: GetRecords → audit write begins (incl. decode, rules)", report.kcl());
        row(out, "audit write", report.auditWrite());
        row(out, "the violating PutItem itself (not in total)", report.writeCall());
        out.printf(
                "audit-side cost at this rate: %.4f write units and %.4f read units per source record (lease"
                        + " renewals and empty polls, which grow with time, left out: see bench cost)%n",
                report.auditWriteUnitsPerRecord(), report.auditReadUnitsPerRecord());
        new java.util.TreeMap<>(report.writeUnitsPerRecordByPurpose())
                .forEach((purpose, units) -> out.printf("  %s: %.4f write units per source record%n", purpose, units));
        out.flush();
        return ExitCodes.OK;
    }

    private static void row(PrintWriter out, String name, Percentiles p) {
        out.printf("| %s | %.0f | %.0f | %.0f | %.0f |%n", name, p.p50(), p.p95(), p.p99(), p.max());
    }
}
