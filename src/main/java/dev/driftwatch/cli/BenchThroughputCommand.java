package dev.driftwatch.cli;

import dev.driftwatch.app.SessionEndpoint;
import dev.driftwatch.bench.Drain;
import dev.driftwatch.bench.StreamGapMode;
import dev.driftwatch.bench.ThroughputBenchmark;
import dev.driftwatch.bench.ThroughputSettings;
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

/** Consumer throughput of driftwatch against a checkpoint-only consumer on the same stream. */
@Command(
        name = "throughput",
        mixinStandardHelpOptions = true,
        description = {
            "Preload a fresh table's stream with N records, then drain it twice: with a consumer configured",
            "like driftwatch whose processor only checkpoints, and with driftwatch. Prints both rates and their ratio,",
            "once per violating percentage."
        })
final class BenchThroughputCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--records",
            defaultValue = "50000",
            description = "records in the stream (default: ${DEFAULT-VALUE})")
    long records;

    @Option(
            names = "--violating",
            defaultValue = "1,10,100",
            split = ",",
            paramLabel = "PERCENT",
            description = "percentages of violating records, one run each (default: ${DEFAULT-VALUE})")
    List<Integer> violating;

    @Option(
            names = "--items",
            description = "distinct items the records write (default: one per record, an INSERT-heavy stream; fewer"
                    + " makes an update-heavy one)")
    Long items;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            description =
                    "drains per consumer and percentage, alternating which goes first (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(
            names = "--timeout",
            defaultValue = "30m",
            converter = DurationConverter.class,
            description = "longest time one drain may take (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(
            names = "--stream-gap",
            paramLabel = "MODE",
            defaultValue = "memory",
            converter = StreamGapModeConverter.class,
            description = "the stream-gap check: off, memory (per lease, the daemon's default) or durable (state in the"
                    + " audit table, audit.streamGapState: durable); default: ${DEFAULT-VALUE}")
    StreamGapMode streamGap;

    @Option(
            names = "--audit-endpoint",
            paramLabel = "WHERE",
            defaultValue = "same",
            description = "where driftwatch's audit table lives: same (the stream's endpoint) or second (a local"
                    + " endpoint of its own, started for this command: the local endpoint serves one request at a time,"
                    + " so on one endpoint every audit write slows the stream's reads; needs endpoint: local);"
                    + " default: ${DEFAULT-VALUE}")
    String auditEndpoint;

    @Override
    public Integer call() throws InterruptedException {
        if (!auditEndpoint.equals("same") && !auditEndpoint.equals("second")) {
            throw new UsageException("--audit-endpoint must be same or second, got: '" + auditEndpoint + "'");
        }
        ThroughputSettings settings = UsageException.check(() -> new ThroughputSettings(
                records, items == null ? records : items, violating, rounds, timeout, streamGap));
        DriftwatchConfig loaded = config.load();
        QuietAlerts.apply();
        PrintWriter err = spec.commandLine().getErr();
        List<ThroughputBenchmark.Row> rows;
        if (auditEndpoint.equals("second") && !dev.driftwatch.app.Endpoints.isLocal(loaded)) {
            throw new UsageException("--audit-endpoint second needs endpoint: local in the configuration");
        }
        try (SessionEndpoint endpoint = SessionEndpoint.open(loaded, err, List.of());
                SessionEndpoint audit = auditEndpoint.equals("second") ? SessionEndpoint.second(loaded, err) : null) {
            rows = new ThroughputBenchmark(
                            endpoint.clients(),
                            audit == null ? endpoint.clients() : audit.clients(),
                            loaded,
                            ProgressLines.to(err))
                    .run(settings);
        } catch (TimeoutException e) {
            throw new IllegalStateException("benchmark stopped: " + e.getMessage(), e);
        }
        print(rows);
        return ExitCodes.OK;
    }

    /** The mean, then each round's figure when there are several. */
    private static String rates(List<Drain> drains) {
        double mean =
                drains.stream().mapToDouble(Drain::recordsPerSecond).average().orElse(0);
        if (drains.size() == 1) {
            return String.format("%,.0f", mean);
        }
        return String.format(
                "%,.0f (%s)",
                mean,
                String.join(
                        ", ",
                        drains.stream()
                                .map(d -> String.format("%,.0f", d.recordsPerSecond()))
                                .toList()));
    }

    private static String startups(List<Drain> drains) {
        return String.join(
                ", ",
                drains.stream()
                        .map(d -> String.format("%.1f s", d.startupSeconds()))
                        .toList());
    }

    private void print(List<ThroughputBenchmark.Row> rows) {
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("driftwatch with the stream-gap check " + streamGap.label() + ", audit table on "
                + (auditEndpoint.equals("second") ? "a second local endpoint" : "the stream's endpoint") + ", "
                + (items == null || items == records
                        ? "INSERT-heavy (one item per record)"
                        : String.format("update-heavy (%,d items)", items)));
        out.printf(
                "| records | violating | rounds | findings stored | baseline records/s | driftwatch records/s | ratio"
                        + " | baseline first batch after | driftwatch first batch after |%n");
        out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (ThroughputBenchmark.Row row : rows) {
            out.printf(
                    "| %,d | %d %% | %d | %,d of %,d | %s | %s | %.2f | %s | %s |%n",
                    records,
                    row.violatingPercent(),
                    row.baseline().size(),
                    row.findingsStored(),
                    row.findingsExpected(),
                    rates(row.baseline()),
                    rates(row.driftwatch()),
                    row.ratio(),
                    startups(row.baseline()),
                    startups(row.driftwatch()));
        }
        out.flush();
    }
}
