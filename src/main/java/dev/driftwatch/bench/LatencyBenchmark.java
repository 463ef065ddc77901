package dev.driftwatch.bench;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.cost.CostMeter;
import dev.driftwatch.cost.Purposes;
import dev.driftwatch.demo.InventoryTable;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.ruleset.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Issue 7, item 3: steady writes at a fixed rate while the daemon runs in this process; for each
 * violating write, the time from its acknowledgement to its finding's acknowledged audit write, split
 * into polling (ack → GetRecords returned the record), KCL (GetRecords → the pipeline's audit write
 * begins; includes our decode and rules, microseconds) and the audit write itself.
 */
public final class LatencyBenchmark {
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("MMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int WRITER_THREADS = 8;

    /** Milliseconds, over the violating writes whose findings were stored. */
    public record Report(
            long writes,
            long violating,
            long measured,
            double achievedRate,
            Percentiles writeCall,
            Percentiles total,
            Percentiles polling,
            Percentiles kcl,
            Percentiles auditWrite,
            double auditWriteUnitsPerRecord,
            double auditReadUnitsPerRecord,
            Map<String, Double> writeUnitsPerRecordByPurpose) {}

    private final AwsClients clients;
    private final DriftwatchConfig baseConfig;
    private final StreamPollTimes polls;
    private final Consumer<String> progress;

    /** {@code polls} must be an interceptor of {@code clients}. */
    public LatencyBenchmark(
            AwsClients clients, DriftwatchConfig baseConfig, StreamPollTimes polls, Consumer<String> progress) {
        this.clients = clients;
        this.baseConfig = baseConfig;
        this.polls = polls;
        this.progress = progress;
    }

    public Report run(LatencySettings settings) throws InterruptedException, TimeoutException {
        String runId = RUN_ID.format(Instant.now());
        TableConfig table = baseConfig.table().withName("latency-" + runId);
        DriftwatchConfig config = baseConfig
                .withTable(table)
                .withAudit(baseConfig.audit().withTable("latency-findings-" + runId))
                .withConsumer(baseConfig.consumer().withApplication("bench-latency-" + runId));
        InventoryTable.create(clients.dynamoDb(), table);
        AuditTable.create(clients.dynamoDb(), config.audit().table());
        AtomicReference<TimedAuditWriter> timed = new AtomicReference<>();
        // The daemon's calls are metered (the writers' are not): what auditing costs per record at this rate.
        CostMeter meter = new CostMeter();
        try (AwsClients daemonClients = new AwsClients(
                clients.endpoint(), clients.region(), List.of(polls, Assembly.meteringInterceptor(config, meter)))) {
            return run(settings, config, table, timed, meter, daemonClients);
        }
    }

    private Report run(
            LatencySettings settings,
            DriftwatchConfig config,
            TableConfig table,
            AtomicReference<TimedAuditWriter> timed,
            CostMeter meter,
            AwsClients daemonClients)
            throws InterruptedException, TimeoutException {
        Assembly assembly = Assembly.of(config, RuleSet.builtIn(table), daemonClients);
        AuditPipeline pipeline = assembly.pipeline()
                .alertsToLogOnOwnThread()
                .wrapWriter(writer -> {
                    timed.set(new TimedAuditWriter(writer, table.key()));
                    return timed.get();
                })
                .build();
        StreamDaemon daemon = assembly.daemon(pipeline);
        long started = System.nanoTime();
        daemon.start();
        try {
            clients.dynamoDb().putItem(b -> b.tableName(table.name()).item(BenchItems.item(table, "warm-up", false)));
            await(
                    "daemon: waiting for the first record (KCL start-up)",
                    () -> pipeline.stats().records() >= 1,
                    settings.catchUpTimeout());
            progress.accept(String.format(
                    "daemon: first record processed %.1f s after start", (System.nanoTime() - started) / 1e9));

            Map<CostMeter.Key, Double> before = meter.snapshot();
            long writes = settings.writes();
            long[] sentAt = new long[(int) writes];
            long[] ackedAt = new long[(int) writes];
            long writeStart = System.nanoTime();
            writeSteadily(table, settings, sentAt, ackedAt);
            double achieved = writes / ((System.nanoTime() - writeStart) / 1e9);
            long violating = BenchItems.violatingCount(writes, settings.violatingPercent());
            await(
                    "catch-up: waiting for " + violating + " findings",
                    () -> timed.get().storedCount() >= violating,
                    settings.catchUpTimeout());
            // Past the last finding, until the reader is caught up: the last batches' checkpoints are in.
            Thread.sleep(config.consumer().idleBetweenReadsMillis() * 3L);
            Map<CostMeter.Key, Double> spent = CostMeter.between(before, meter.snapshot());
            Map<String, CostBenchmark.Units> perRecord =
                    CostBenchmark.byPurpose(spent, purpose -> !Purposes.PER_TIME.contains(purpose), 1.0 / writes);
            Map<String, Double> byPurpose = new java.util.TreeMap<>();
            perRecord.forEach((purpose, units) -> byPurpose.put(purpose, units.write()));
            return report(
                    writes,
                    violating,
                    achieved,
                    settings,
                    sentAt,
                    ackedAt,
                    timed.get(),
                    perRecord.values().stream()
                            .mapToDouble(CostBenchmark.Units::write)
                            .sum(),
                    perRecord.values().stream()
                            .mapToDouble(CostBenchmark.Units::read)
                            .sum(),
                    byPurpose);
        } finally {
            daemon.stop(Duration.ofSeconds(30));
        }
    }

    private void writeSteadily(TableConfig table, LatencySettings settings, long[] sentAt, long[] ackedAt)
            throws InterruptedException {
        ExecutorService writers = Executors.newFixedThreadPool(WRITER_THREADS);
        AtomicLong done = new AtomicLong();
        long period = 1_000_000_000L / settings.ratePerSecond();
        long begin = System.nanoTime();
        long lastReport = begin;
        for (int i = 0; i < sentAt.length; i++) {
            long due = begin + i * period;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            writers.execute(() -> {
                var item = BenchItems.item(table, key(index), BenchItems.violates(index, settings.violatingPercent()));
                sentAt[index] = System.nanoTime();
                clients.dynamoDb().putItem(b -> b.tableName(table.name()).item(item));
                ackedAt[index] = System.nanoTime();
                done.incrementAndGet();
            });
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                progress.accept(
                        String.format("writes: %,d/%,d at %d/s", done.get(), sentAt.length, settings.ratePerSecond()));
                lastReport = System.nanoTime();
            }
        }
        writers.shutdown();
        if (!writers.awaitTermination(5, TimeUnit.MINUTES)) {
            writers.shutdownNow();
            throw new IllegalStateException("writes did not finish within 5 minutes of the last one being due");
        }
        progress.accept(String.format("writes: %,d done", done.get()));
    }

    private Report report(
            long writes,
            long violating,
            double achieved,
            LatencySettings settings,
            long[] sentAt,
            long[] ackedAt,
            TimedAuditWriter timed,
            double writeUnitsPerRecord,
            double readUnitsPerRecord,
            Map<String, Double> byPurpose) {
        int n = (int) violating;
        double[] writeCall = new double[n];
        double[] total = new double[n];
        double[] polling = new double[n];
        double[] kcl = new double[n];
        double[] audit = new double[n];
        int measured = 0;
        for (int i = 0; i < sentAt.length; i++) {
            if (!BenchItems.violates(i, settings.violatingPercent())) {
                continue;
            }
            TimedAuditWriter.Stored stored = timed.stored(key(i));
            Long polled = polls.polledAt(key(i));
            if (stored == null || polled == null || ackedAt[i] == 0) {
                continue;
            }
            writeCall[measured] = millis(ackedAt[i] - sentAt[i]);
            total[measured] = millis(stored.writeEnd() - ackedAt[i]);
            polling[measured] = millis(polled - ackedAt[i]);
            kcl[measured] = millis(stored.writeStart() - polled);
            audit[measured] = millis(stored.writeEnd() - stored.writeStart());
            measured++;
        }
        return new Report(
                writes,
                violating,
                measured,
                achieved,
                Percentiles.of(java.util.Arrays.copyOf(writeCall, measured)),
                Percentiles.of(java.util.Arrays.copyOf(total, measured)),
                Percentiles.of(java.util.Arrays.copyOf(polling, measured)),
                Percentiles.of(java.util.Arrays.copyOf(kcl, measured)),
                Percentiles.of(java.util.Arrays.copyOf(audit, measured)),
                writeUnitsPerRecord,
                readUnitsPerRecord,
                Map.copyOf(byPurpose));
    }

    private void await(String what, BooleanSupplier done, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(what + ": not done within " + timeout.toSeconds() + " s");
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                progress.accept(what);
                lastReport = System.nanoTime();
            }
            Thread.sleep(20);
        }
    }

    private static String key(int index) {
        return String.format("lat-%08d", index);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
