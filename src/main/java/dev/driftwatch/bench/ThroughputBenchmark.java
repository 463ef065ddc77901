package dev.driftwatch.bench;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.demo.InventoryTable;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.ruleset.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Issue 7, item 2: a stream preloaded with N records is drained twice in one run, first by a
 * consumer configured exactly like driftwatch whose processor only checkpoints, then by driftwatch,
 * each with its own application name (its own lease table) from TRIM_HORIZON.
 */
public final class ThroughputBenchmark {
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("MMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One violating percentage: the drains of the same stream, round by round, and what driftwatch
     * stored in its last round.
     */
    public record Row(
            int violatingPercent,
            List<Drain> baseline,
            List<Drain> driftwatch,
            long findingsExpected,
            long findingsStored) {
        public double baselineRate() {
            return baseline.stream()
                    .mapToDouble(Drain::recordsPerSecond)
                    .average()
                    .orElse(0);
        }

        public double driftwatchRate() {
            return driftwatch.stream()
                    .mapToDouble(Drain::recordsPerSecond)
                    .average()
                    .orElse(0);
        }

        /** The ratio of the mean rates. */
        public double ratio() {
            return baselineRate() == 0 ? 0 : driftwatchRate() / baselineRate();
        }
    }

    private final AwsClients clients;
    private final AwsClients auditClients;
    private final DriftwatchConfig baseConfig;
    private final Consumer<String> progress;

    public ThroughputBenchmark(AwsClients clients, DriftwatchConfig baseConfig, Consumer<String> progress) {
        this(clients, clients, baseConfig, progress);
    }

    /** With the audit table reached through {@code auditClients} (a second endpoint), the stream through the first. */
    public ThroughputBenchmark(
            AwsClients clients, AwsClients auditClients, DriftwatchConfig baseConfig, Consumer<String> progress) {
        this.clients = clients;
        this.auditClients = auditClients;
        this.baseConfig = baseConfig;
        this.progress = progress;
    }

    public List<Row> run(ThroughputSettings settings) throws InterruptedException, TimeoutException {
        String runId = RUN_ID.format(Instant.now());
        List<Row> rows = new ArrayList<>();
        for (int percent : settings.violatingPercents()) {
            rows.add(runOne(runId + "-p" + percent, percent, settings));
        }
        return rows;
    }

    private Row runOne(String suffix, int percent, ThroughputSettings settings)
            throws InterruptedException, TimeoutException {
        TableConfig table = baseConfig.table().withName("bench-" + suffix);
        InventoryTable.create(clients.dynamoDb(), table);
        StreamPreloader.preload(clients.dynamoDb(), table, settings.records(), settings.items(), percent, progress);
        List<Drain> baselines = new ArrayList<>();
        List<Drain> driftwatches = new ArrayList<>();
        long stored = 0;
        for (int round = 1; round <= settings.rounds(); round++) {
            // Alternate who goes first: the endpoint's speed drifts over a run.
            String name = suffix + "-r" + round;
            if (round % 2 == 1) {
                baselines.add(baseline(table, name, settings));
            }
            AuditPipeline pipeline = driftwatch(table, name, settings, driftwatches);
            stored = pipeline.stats().findingsWritten();
            if (round % 2 == 0) {
                baselines.add(baseline(table, name, settings));
            }
        }
        Row row = new Row(
                percent, baselines, driftwatches, BenchItems.violatingCount(settings.records(), percent), stored);
        progress.accept(String.format(
                "result: %d %% violating: baseline %,.0f records/s, driftwatch %,.0f records/s, ratio %.2f",
                percent, row.baselineRate(), row.driftwatchRate(), row.ratio()));
        return row;
    }

    private Drain baseline(TableConfig table, String name, ThroughputSettings settings)
            throws InterruptedException, TimeoutException {
        AtomicLong checkpointed = new AtomicLong();
        DriftwatchConfig config = baseConfig
                .withTable(table)
                .withConsumer(baseConfig.consumer().withApplication("bench-baseline-" + name));
        return drain(
                "baseline",
                settings,
                Assembly.of(config, clients).checkpointOnlyDaemon(checkpointed),
                checkpointed::get);
    }

    /** Each driftwatch drain writes into a fresh audit table, so every round stores every finding. */
    private AuditPipeline driftwatch(TableConfig table, String name, ThroughputSettings settings, List<Drain> drains)
            throws InterruptedException, TimeoutException {
        DriftwatchConfig config = baseConfig
                .withTable(table)
                .withAudit(baseConfig.audit().withTable("bench-findings-" + name))
                .withConsumer(baseConfig.consumer().withApplication("bench-driftwatch-" + name));
        AuditTable.create(auditClients.dynamoDb(), config.audit().table());
        RuleSet rules = settings.streamGap().rules(RuleSet.builtIn(table));
        config = settings.streamGap().config(config);
        Assembly assembly = Assembly.of(config, rules, clients);
        if (auditClients != clients) {
            assembly.withAuditClients(auditClients);
        }
        // Alerts as `run` sends them: the configured sinks, with the resumer on, so that alerts beyond the
        // dispatcher's bound wait in the outbox instead of holding the consumer back (with the resumer off, as
        // before 2026-12-01, the drain waited at 10,000 held alerts for the sinks: 0.07 at 100 % violating).
        AuditPipeline pipeline = assembly.pipeline().alertsAsRunOnOwnThread().build();
        try {
            drains.add(drain(
                    "driftwatch",
                    settings,
                    assembly.daemon(pipeline),
                    () -> pipeline.stats().records()));
        } finally {
            pipeline.close(); // its dispatcher: the next round's endpoint is not shared with an old resumer
        }
        return pipeline;
    }

    private Drain drain(
            String name, ThroughputSettings settings, StreamDaemon daemon, java.util.function.LongSupplier processed)
            throws InterruptedException, TimeoutException {
        long started = System.nanoTime();
        daemon.start();
        progress.accept("drain: " + name + " consumer started");
        try {
            return Drain.await(name, settings.records(), processed, started, settings.drainTimeout(), progress);
        } finally {
            daemon.stop(STOP_TIMEOUT);
        }
    }
}
