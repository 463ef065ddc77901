package dev.driftwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.app.SessionEndpoint;
import dev.driftwatch.bench.CostBenchmark;
import dev.driftwatch.bench.CostSettings;
import dev.driftwatch.bench.StreamGapMode;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.cost.PriceList;
import dev.driftwatch.cost.Purposes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What the daemon's calls cost per 1,000 source records and per shard-hour, by purpose. */
@Command(
        name = "cost",
        mixinStandardHelpOptions = true,
        description = {
            "Preload a fresh table's stream with N records, drain it with the daemon (default configuration, its",
            "calls metered by DynamoDB's request-unit rules), then let it idle. Prints, per violating percentage,",
            "write and read units and requests per 1,000 source records by purpose, what grows with time per",
            "shard-hour, and the on-demand price at the list the table names."
        })
final class BenchCostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--records",
            defaultValue = "10000",
            description = "records in the stream (default: ${DEFAULT-VALUE})")
    long records;

    @Option(
            names = "--violating",
            defaultValue = "0,1,10,100",
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
            names = "--idle",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "how long the daemon idles after the drain, to measure what grows with time (default:"
                    + " ${DEFAULT-VALUE})")
    Duration idle;

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
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table or json (one object per percentage); default: ${DEFAULT-VALUE}")
    TableOrJson format;

    @Override
    public Integer call() throws Exception {
        CostSettings settings = UsageException.check(
                () -> new CostSettings(records, violating, items == null ? records : items, idle, timeout, streamGap));
        DriftwatchConfig loaded = config.load();
        QuietAlerts.apply();
        PrintWriter err = spec.commandLine().getErr();
        List<CostBenchmark.Row> rows;
        try (SessionEndpoint endpoint = SessionEndpoint.open(loaded, err, List.of())) {
            rows = new CostBenchmark(endpoint.clients(), loaded, ProgressLines.to(err)).run(settings);
        } catch (TimeoutException e) {
            throw new IllegalStateException("benchmark stopped: " + e.getMessage(), e);
        }
        if (format == TableOrJson.json) {
            printJson(rows);
        } else {
            printTable(rows);
        }
        return ExitCodes.OK;
    }

    private static double streamReads(Map<String, CostBenchmark.Units> purposes) {
        return purposes.entrySet().stream()
                .filter(e ->
                        e.getKey().equals(Purposes.STREAM_READS) || e.getKey().equals(Purposes.EMPTY_POLLS))
                .mapToDouble(e -> e.getValue().requests())
                .sum();
    }

    private static double publishes(Map<String, CostBenchmark.Units> purposes) {
        return 0; // the benchmark's alerts go to the log
    }

    private static double write(Map<String, CostBenchmark.Units> purposes) {
        return purposes.values().stream()
                .mapToDouble(CostBenchmark.Units::write)
                .sum();
    }

    private static double read(Map<String, CostBenchmark.Units> purposes) {
        return purposes.values().stream().mapToDouble(CostBenchmark.Units::read).sum();
    }

    /** Dollars per million source records: the per-1,000 figures times 1,000. */
    private static double dollarsPerMillion(CostBenchmark.Row row) {
        Map<String, CostBenchmark.Units> p = row.perRecordPurposes();
        return PriceList.US_EAST_1.dollars(write(p) * 1000, read(p) * 1000, streamReads(p) * 1000, publishes(p));
    }

    private static double dollarsPerShardMonth(CostBenchmark.Row row) {
        Map<String, CostBenchmark.Units> p = row.perShardHour();
        return PriceList.US_EAST_1.dollars(write(p) * 730, read(p) * 730, streamReads(p) * 730, 0);
    }

    private void printTable(List<CostBenchmark.Row> rows) {
        PrintWriter out = spec.commandLine().getOut();
        PriceList prices = PriceList.US_EAST_1;
        for (CostBenchmark.Row row : rows) {
            out.println();
            out.printf(
                    "%d %% violating: %,d source records over %,d items, %,d findings stored, stream-gap check %s%n",
                    row.violatingPercent(), row.sourceRecords(), row.items(), row.findingsStored(), streamGap.label());
            out.println("| per 1,000 source records | write units | read units | requests |");
            out.println("| --- | ---: | ---: | ---: |");
            row.perRecordPurposes()
                    .forEach((purpose, units) -> out.printf(
                            "| %s | %,.1f | %,.1f | %,.1f |%n",
                            purpose, units.write(), units.read(), units.requests()));
            out.printf("| **total** | **%,.1f** | **%,.1f** | |%n", row.writeUnitsPer1000(), row.readUnitsPer1000());
            out.println("| per shard-hour (idle) | write units | read units | requests |");
            row.perShardHour()
                    .forEach((purpose, units) -> out.printf(
                            "| %s | %,.1f | %,.1f | %,.1f |%n",
                            purpose, units.write(), units.read(), units.requests()));
            out.printf(
                    "on-demand, %s prices of %s: $%.4f per million source records, plus $%.4f per shard-month"
                            + " idle%n",
                    prices.region(), prices.asOf(), dollarsPerMillion(row), dollarsPerShardMonth(row));
        }
        out.flush();
    }

    private void printJson(List<CostBenchmark.Row> rows) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        for (CostBenchmark.Row row : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("violatingPercent", row.violatingPercent());
            object.put("sourceRecords", row.sourceRecords());
            object.put("items", row.items());
            object.put("streamGap", streamGap.label());
            object.put("findingsStored", row.findingsStored());
            object.put("writeUnitsPer1000", row.writeUnitsPer1000());
            object.put("readUnitsPer1000", row.readUnitsPer1000());
            object.put("byPurpose", row.perRecordPurposes());
            object.put("perShardHour", row.perShardHour());
            object.put("priceList", PriceList.US_EAST_1);
            object.put("dollarsPerMillionRecords", dollarsPerMillion(row));
            object.put("dollarsPerShardMonthIdle", dollarsPerShardMonth(row));
            out.println(json.writeValueAsString(object));
        }
        out.flush();
    }
}
