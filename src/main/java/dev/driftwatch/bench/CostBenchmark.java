package dev.driftwatch.bench;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.cost.CostMeter;
import dev.driftwatch.cost.CostMeter.Kind;
import dev.driftwatch.cost.Purposes;
import dev.driftwatch.demo.InventoryTable;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.ruleset.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Issue 19, item 1: what the daemon's calls cost. A fresh table's stream is preloaded with N records; the daemon,
 * its clients metered, drains it into a fresh audit table; then it idles for a while. The drain's units are what
 * grows with records (per 1,000 source records, by purpose); the idle phase's are what grows with time (lease
 * renewals, empty polls), per shard-hour.
 */
public final class CostBenchmark {
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("MMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Units and requests of one purpose. */
    public record Units(double write, double read, double requests) {
        Units plus(Kind kind, double amount) {
            return switch (kind) {
                case WRITE_UNITS -> new Units(write + amount, read, requests);
                case READ_UNITS -> new Units(write, read + amount, requests);
                case REQUESTS -> new Units(write, read, requests + amount);
            };
        }

        Units plus(Units other) {
            return new Units(write + other.write, read + other.read, requests + other.requests);
        }

        Units scaled(double factor) {
            return new Units(write * factor, read * factor, requests * factor);
        }
    }

    /**
     * One violating percentage.
     *
     * @param perRecordPurposes units per 1,000 source records, by purpose (what grows with records)
     * @param perShardHour units per shard-hour, by purpose (what grows with time, measured while idle)
     */
    public record Row(
            int violatingPercent,
            long sourceRecords,
            long items,
            long findingsStored,
            Map<String, Units> perRecordPurposes,
            Map<String, Units> perShardHour,
            double drainSeconds) {
        public double writeUnitsPer1000() {
            return perRecordPurposes.values().stream().mapToDouble(Units::write).sum();
        }

        public double readUnitsPer1000() {
            return perRecordPurposes.values().stream().mapToDouble(Units::read).sum();
        }

        /** Audit-side write units per source record: everything written that grows with records. */
        public double writeUnitsPerRecord() {
            return writeUnitsPer1000() / 1000;
        }
    }

    private final AwsClients clients;
    private final DriftwatchConfig baseConfig;
    private final Consumer<String> progress;

    public CostBenchmark(AwsClients clients, DriftwatchConfig baseConfig, Consumer<String> progress) {
        this.clients = clients;
        this.baseConfig = baseConfig;
        this.progress = progress;
    }

    public List<Row> run(CostSettings settings) throws InterruptedException, TimeoutException {
        String runId = RUN_ID.format(Instant.now());
        List<Row> rows = new ArrayList<>();
        for (int percent : settings.violatingPercents()) {
            rows.add(runOne(runId + "-p" + percent, percent, settings));
        }
        return rows;
    }

    private Row runOne(String suffix, int percent, CostSettings settings)
            throws InterruptedException, TimeoutException {
        TableConfig table = baseConfig.table().withName("cost-" + suffix);
        InventoryTable.create(clients.dynamoDb(), table);
        StreamPreloader.preload(clients.dynamoDb(), table, settings.records(), settings.items(), percent, progress);
        DriftwatchConfig config = baseConfig
                .withTable(table)
                .withAudit(baseConfig.audit().withTable("cost-findings-" + suffix))
                .withConsumer(baseConfig.consumer().withApplication("cost-driftwatch-" + suffix));
        AuditTable.create(clients.dynamoDb(), config.audit().table());
        RuleSet rules = settings.streamGap().rules(RuleSet.builtIn(table));
        config = settings.streamGap().config(config);
        CostMeter meter = new CostMeter();
        try (AwsClients metered = new AwsClients(
                clients.endpoint(), clients.region(), List.of(Assembly.meteringInterceptor(config, meter)))) {
            Assembly assembly = Assembly.of(config, rules, metered);
            AuditPipeline pipeline =
                    assembly.pipeline().alertsToLogOnOwnThread().build();
            StreamDaemon daemon = assembly.daemon(pipeline);
            long started = System.nanoTime();
            daemon.start();
            Drain drain;
            Map<CostMeter.Key, Double> drained;
            Map<CostMeter.Key, Double> idled;
            try {
                drain = Drain.await(
                        "driftwatch",
                        settings.records(),
                        () -> pipeline.stats().records(),
                        started,
                        settings.drainTimeout(),
                        progress);
                settle(meter);
                drained = meter.snapshot();
                progress.accept("idle: " + settings.idle().toSeconds() + " s for what grows with time");
                Thread.sleep(settings.idle().toMillis());
                idled = CostMeter.between(drained, meter.snapshot());
            } finally {
                daemon.stop(STOP_TIMEOUT);
                pipeline.close();
            }
            Row row = new Row(
                    percent,
                    settings.records(),
                    settings.items(),
                    pipeline.stats().findingsWritten(),
                    byPurpose(drained, purpose -> !Purposes.PER_TIME.contains(purpose), 1000.0 / settings.records()),
                    // while idle everything is time's doing (heartbeats too); one shard on the local endpoint
                    byPurpose(idled, purpose -> true, 3600.0 / settings.idle().toSeconds()),
                    drain.drainSeconds());
            progress.accept(String.format(
                    "result: %d %% violating: %.3f write units and %.3f read units per source record",
                    percent, row.writeUnitsPerRecord(), row.readUnitsPer1000() / 1000));
            return row;
        }
    }

    /**
     * Waits until what grows with records stops growing (two quiet seconds, at most a minute): the last batch's
     * stream-gap states, ledger entry and checkpoint are written after its records are counted.
     */
    private static void settle(CostMeter meter) throws InterruptedException {
        double last = -1;
        int quiet = 0;
        for (int second = 0; second < 60 && quiet < 2; second++) {
            Thread.sleep(1000);
            double now = meter.total(key -> !Purposes.PER_TIME.contains(key.purpose()));
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    /** The purposes {@code included}, added up and scaled by {@code factor}. */
    static Map<String, Units> byPurpose(
            Map<CostMeter.Key, Double> totals, java.util.function.Predicate<String> included, double factor) {
        Map<String, Units> purposes = new TreeMap<>();
        totals.forEach((key, amount) -> {
            if (included.test(key.purpose())) {
                purposes.merge(key.purpose(), new Units(0, 0, 0).plus(key.kind(), amount), Units::plus);
            }
        });
        purposes.replaceAll((purpose, units) -> units.scaled(factor));
        return purposes;
    }
}
