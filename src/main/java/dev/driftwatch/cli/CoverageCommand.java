package dev.driftwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What the daemon has audited of the watched table's stream, per shard, and every hole. */
@Command(
        name = "coverage",
        mixinStandardHelpOptions = true,
        description = {
            "Print, per stream and shard, what the daemon has audited (first and last record, their creation",
            "times, the number of records) and every hole: records a shard may have held that were never audited.",
            "Exit status: 0 no hole, 1 a hole (since --since), 2 bad usage."
        })
final class CoverageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description = "only shards audited and holes open at or after: a duration ago (30m, 6h, 7d) or an instant")
    Instant since;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table or json (one object per line); default: ${DEFAULT-VALUE}")
    TableOrJson format;

    @Override
    public Integer call() throws Exception {
        DriftwatchConfig loaded = config.load();
        Assembly assembly = Assembly.connecting(loaded);
        List<CoverageLedger.Shard> shards;
        List<CoverageLedger.Hole> holes;
        try (AwsClients clients = assembly.clients()) {
            CoverageLedger ledger = assembly.coverageLedger();
            Instant from = since == null ? Instant.EPOCH : since;
            shards = ledger.shards().stream()
                    .filter(shard -> !shard.lastRecordAt().isBefore(from))
                    .toList();
            holes = ledger.holes().stream()
                    .filter(hole -> hole.openAtOrAfter(from))
                    .toList();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == TableOrJson.json) {
            ObjectMapper json = new ObjectMapper();
            for (CoverageLedger.Shard shard : shards) {
                out.println(json.writeValueAsString(row(loaded, shard)));
            }
            for (CoverageLedger.Hole hole : holes) {
                out.println(json.writeValueAsString(row(loaded, hole)));
            }
        } else {
            out.printf("coverage of %s%n", loaded.table().name());
            out.printf("%-40s %-26s %-26s %10s%n", "SHARD", "FIRST RECORD", "LAST RECORD", "RECORDS");
            for (CoverageLedger.Shard shard : shards) {
                out.printf(
                        "%-40s %-26s %-26s %,10d%n",
                        shard.shardId(), shard.firstRecordAt(), shard.lastRecordAt(), shard.records());
            }
            out.printf("%d hole(s)%n", holes.size());
            for (CoverageLedger.Hole hole : holes) {
                if (hole.wholeStream()) {
                    out.printf(
                            "HOLE stream %s: %s: changes made %s and before %s may never have been audited; run"
                                    + " driftwatch reconcile%n",
                            hole.streamArn(),
                            hole.cause(),
                            hole.from().map(at -> "after " + at).orElse("before the stream began"),
                            hole.until());
                    continue;
                }
                out.printf(
                        "HOLE %s: %s: records after sequence %s (the last audited%s) up to sequence %s (created %s)"
                                + " may never have been audited; run driftwatch reconcile%n",
                        hole.shardId(),
                        hole.cause(),
                        hole.afterSequence(),
                        hole.from().map(at -> ", created " + at).orElse(""),
                        hole.resumedAt(),
                        hole.until());
            }
        }
        out.flush();
        return holes.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS_OR_FAILURE;
    }

    private static Map<String, Object> row(DriftwatchConfig loaded, CoverageLedger.Shard shard) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("type", "shard");
        row.put("table", loaded.table().name());
        row.put("streamArn", shard.streamArn());
        row.put("shardId", shard.shardId());
        row.put("firstRecordAt", shard.firstRecordAt().toString());
        row.put("lastRecordAt", shard.lastRecordAt().toString());
        row.put("records", shard.records());
        return row;
    }

    private static Map<String, Object> row(DriftwatchConfig loaded, CoverageLedger.Hole hole) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("type", "hole");
        row.put("table", loaded.table().name());
        row.put("streamArn", hole.streamArn());
        row.put("shardId", hole.shardId());
        row.put("afterSequence", hole.afterSequence());
        row.put("from", hole.from().map(Instant::toString).orElse(null));
        row.put("resumedAt", hole.resumedAt());
        row.put("until", hole.until().toString());
        row.put("cause", hole.cause());
        return row;
    }
}
