package dev.driftwatch.ops;

import dev.driftwatch.alert.DeliveryListener;
import dev.driftwatch.cost.CostMeter;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.PipelineObserver;
import dev.driftwatch.pipeline.ShardGap;
import dev.driftwatch.pipeline.StreamLoss;
import dev.driftwatch.record.ChangeRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's metrics in a Prometheus registry. Labels are low-cardinality only: table, rule,
 * severity, sink, shard; never an item key.
 *
 * <p>Lag per shard is the age of the newest record of the last stored batch (now minus its
 * approximate creation time), and zero after a poll that found nothing new. Past {@code lagWarning} (default 20 h of the stream's 24 h retention)
 * a warning is logged, at most once per shard per ten minutes: records older than 24 h are trimmed
 * from the stream before anyone audited them.
 *
 * <p>While a batch's audit write is retried, the shard's lag is the age of the batch's oldest record.
 * A batch retried for longer than {@code stuckAfter} makes the shard stuck: its
 * {@code driftwatch_shard_stuck} gauge is 1, {@link #health()} is DEGRADED with the cause, and a warning
 * is logged once a minute until the batch is stored.
 */
public final class DaemonMetrics implements PipelineObserver, DeliveryListener {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonMetrics.class);
    public static final Duration DEFAULT_LAG_WARNING = Duration.ofHours(20);
    private static final Duration WARNING_EVERY = Duration.ofMinutes(10);
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(5);
    private static final Duration STUCK_LOG_EVERY = Duration.ofMinutes(1);

    /** A stuck shard: why, and when it was last logged. */
    private record Stuck(String reason, Instant loggedAt) {}

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String table;
    private final Clock clock;
    private final Duration lagWarning;
    private final Counter records;
    private final Counter undecodable;
    private final Timer auditWrites;
    private final Counter auditWriteFailures;
    private final Counter shardGaps;
    private final Map<String, AtomicLong> lagMillisByShard = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastWarningByShard = new ConcurrentHashMap<>();
    private final Duration stuckAfter;
    private final Map<String, AtomicLong> stuckFlagByShard = new ConcurrentHashMap<>();
    private final Map<String, Stuck> stuckByShard = new ConcurrentHashMap<>();

    public DaemonMetrics(String table, Clock clock, Duration lagWarning) {
        this(table, clock, lagWarning, DEFAULT_STUCK_AFTER);
    }

    public DaemonMetrics(String table, Clock clock, Duration lagWarning, Duration stuckAfter) {
        this.table = table;
        this.clock = clock;
        this.lagWarning = lagWarning;
        this.stuckAfter = stuckAfter;
        this.records = Counter.builder("driftwatch.records.processed")
                .description("stream records checked and stored")
                .tag("table", table)
                .register(registry);
        this.undecodable = Counter.builder("driftwatch.records.undecodable")
                .description("records that could not be decoded")
                .tag("table", table)
                .register(registry);
        this.auditWrites = Timer.builder("driftwatch.audit.write")
                .description("audit writes of a batch's findings")
                .tag("table", table)
                .tag("outcome", "stored")
                .register(registry);
        this.shardGaps = Counter.builder("driftwatch.shard.gaps")
                .description("shards whose checkpoint the stream had trimmed: records that may never have been audited")
                .tag("table", table)
                .register(registry);
        this.auditWriteFailures = Counter.builder("driftwatch.audit.write.failures")
                .description("audit writes that failed and were retried")
                .tag("table", table)
                .register(registry);
    }

    public DaemonMetrics(String table) {
        this(table, Clock.systemUTC(), DEFAULT_LAG_WARNING);
    }

    @Override
    public void batchStored(
            List<ChangeRecord> batch, int undecodableRecords, List<Finding> written, long auditWriteNanos) {
        records.increment(batch.size() + undecodableRecords);
        if (undecodableRecords > 0) {
            undecodable.increment(undecodableRecords);
        }
        auditWrites.record(auditWriteNanos, TimeUnit.NANOSECONDS);
        for (Finding finding : written) {
            Counter.builder("driftwatch.findings")
                    .description("findings stored, by rule and severity")
                    .tag("table", table)
                    .tag("rule", finding.ruleId())
                    .tag("severity", finding.severity().name())
                    .register(registry)
                    .increment();
        }
        if (!batch.isEmpty()) {
            ChangeRecord newest = batch.get(batch.size() - 1);
            lag(newest.shardId(), Duration.between(newest.approximateCreationTime(), clock.instant()));
            unstuck(newest.shardId());
        }
    }

    @Override
    public void shardGap(ShardGap gap) {
        shardGaps.increment();
        LOG.error(
                "shard checkpoint trimmed, records may be unaudited laggingShard={} lastAudited={} resumedAt={}"
                        + " resumedCreated={} hint=\"run driftwatch reconcile\"",
                gap.shardId(),
                gap.lastAudited(),
                gap.resumedAt(),
                gap.resumedCreated());
    }

    /** Shows what {@code meter} counts as {@code driftwatch_request_units_total{table,purpose,kind}}. */
    public void meterCosts(CostMeter meter) {
        meter.onEachKey((key, total) -> FunctionCounter.builder("driftwatch.request.units", total, DoubleAdder::sum)
                .description("DynamoDB request units (read, write) and requests the daemon's calls cost, by table and"
                        + " purpose, computed by DynamoDB's rules from what was sent and returned")
                .tag("table", key.table())
                .tag("purpose", key.purpose())
                .tag("kind", key.kind().label())
                .register(registry));
    }

    @Override
    public void streamLoss(StreamLoss loss) {
        Counter.builder("driftwatch.stream.losses")
                .description("stream-level losses found: a replaced stream, or records expired before they were read")
                .tag("table", table)
                .tag("rule", loss.ruleId())
                .register(registry)
                .increment();
        LOG.error(
                "changes may be unaudited rule={} stream={} previousStream={} lastAuditedAt={} lostUntil={}"
                        + " hint=\"run driftwatch reconcile\"",
                loss.ruleId(),
                loss.streamArn(),
                loss.previousStreamArn().orElse("-"),
                loss.lastAuditedAt().map(Instant::toString).orElse("-"),
                loss.lostUntil());
    }

    @Override
    public void batchSkipped(String shardId, int skipped) {
        Counter.builder("driftwatch.batches.skipped")
                .description("batches that went unaudited (a defect, logged with its error)")
                .tag("table", table)
                .register(registry)
                .increment();
    }

    @Override
    public void alertNotQueued(Finding finding) {
        Counter.builder("driftwatch.alerts.unqueued")
                .description("stored findings whose alert could not be queued (still pending in the outbox)")
                .tag("table", table)
                .register(registry)
                .increment();
    }

    @Override
    public void caughtUp(String shardId) {
        lag(shardId, Duration.ZERO);
        unstuck(shardId);
    }

    /** Removes the shard's lag and stuck series: a closed shard keeps no stale value, rollovers pile up none. */
    @Override
    public void leaseEnded(String shardId) {
        lastWarningByShard.remove(shardId);
        stuckByShard.remove(shardId);
        if (lagMillisByShard.remove(shardId) != null) {
            removeGauge("driftwatch.shard.lag.seconds", shardId);
        }
        if (stuckFlagByShard.remove(shardId) != null) {
            removeGauge("driftwatch.shard.stuck", shardId);
        }
    }

    private void removeGauge(String name, String shardId) {
        io.micrometer.core.instrument.Meter gauge =
                registry.find(name).tag("table", table).tag("shard", shardId).gauge();
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    @Override
    public void batchRetrying(
            String shardId, int records, Instant oldestRecord, Duration retryingFor, Throwable cause) {
        if (!oldestRecord.equals(Instant.MAX)) {
            lag(shardId, Duration.between(oldestRecord, clock.instant()));
        }
        if (retryingFor.compareTo(stuckAfter) < 0) {
            return;
        }
        String reason = "shard " + shardId + ": batch of " + records + " records retried for "
                + retryingFor.toSeconds() + " s: " + cause.getClass().getSimpleName() + ": "
                + firstLine(cause.getMessage());
        stuckFlag(shardId).set(1);
        Instant now = clock.instant();
        Stuck previous = stuckByShard.get(shardId);
        boolean log =
                previous == null || Duration.between(previous.loggedAt(), now).compareTo(STUCK_LOG_EVERY) >= 0;
        stuckByShard.put(shardId, new Stuck(reason, log ? now : previous.loggedAt()));
        if (log) {
            LOG.warn(
                    "shard stuck, batch not stored laggingShard={} records={} retryingSeconds={} cause=\"{}: {}\"",
                    shardId,
                    records,
                    retryingFor.toSeconds(),
                    cause.getClass().getName(),
                    firstLine(cause.getMessage()));
        }
    }

    /** DEGRADED while any shard is stuck, with why; UP otherwise. */
    public Health health() {
        List<String> stuck =
                stuckByShard.values().stream().map(Stuck::reason).sorted().toList();
        return Health.degraded(stuck);
    }

    private void unstuck(String shardId) {
        if (stuckByShard.remove(shardId) != null) {
            stuckFlag(shardId).set(0);
            LOG.info("shard no longer stuck laggingShard={}", shardId);
        }
    }

    private AtomicLong stuckFlag(String shardId) {
        return stuckFlagByShard.computeIfAbsent(shardId, shard -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("driftwatch.shard.stuck", holder, AtomicLong::get)
                    .description("1 while a batch of the shard has been retried past consumer.stuckAfterSeconds")
                    .tag("table", table)
                    .tag("shard", shard)
                    .register(registry);
            return holder;
        });
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void auditWriteFailed(long auditWriteNanos) {
        auditWriteFailures.increment();
    }

    @Override
    public void sent(String sink, boolean delivered) {
        Counter.builder(delivered ? "driftwatch.alerts.sent" : "driftwatch.alerts.failed")
                .description("alerts by sink")
                .tag("table", table)
                .tag("sink", sink)
                .register(registry)
                .increment();
    }

    private void lag(String shardId, Duration lag) {
        long millis = Math.max(0, lag.toMillis());
        lagMillisByShard
                .computeIfAbsent(shardId, shard -> {
                    AtomicLong holder = new AtomicLong();
                    Gauge.builder("driftwatch.shard.lag.seconds", holder, h -> h.get() / 1000.0)
                            .description("age of the newest record of the last batch stored, per shard")
                            .tag("table", table)
                            .tag("shard", shard)
                            .register(registry);
                    return holder;
                })
                .set(millis);
        if (lag.compareTo(lagWarning) >= 0) {
            Instant now = clock.instant();
            Instant last = lastWarningByShard.get(shardId);
            if (last == null || Duration.between(last, now).compareTo(WARNING_EVERY) >= 0) {
                lastWarningByShard.put(shardId, now);
                LOG.warn(
                        "stream lag near retention lagHours={} laggingShard={} retentionHours=24"
                                + " hint=\"records older than 24 h are trimmed before they are audited; find what slows"
                                + " the audit writes\"",
                        lag.toHours(),
                        shardId);
            }
        }
    }

    /** The metrics in the Prometheus text format. */
    /**
     * The readings the daemon publishes to CloudWatch, by metric name: running totals for the counters of
     * {@link CloudWatchPublisher#COUNTED}, current values for the gauges.
     */
    public Map<String, Double> cloudWatchReadings() {
        Map<String, Double> readings = new java.util.LinkedHashMap<>();
        readings.put("RecordsProcessed", records.count());
        readings.put("AuditWriteFailures", auditWriteFailures.count());
        readings.put("CoverageLosses", shardGaps.count() + sum("driftwatch.stream.losses"));
        readings.put("CriticalFindings", findings("CRITICAL"));
        readings.put("ErrorFindings", findings("ERROR"));
        readings.put("AlertsFailed", sum("driftwatch.alerts.failed"));
        readings.put("BatchesSkipped", sum("driftwatch.batches.skipped"));
        readings.put("AlertsNotQueued", sum("driftwatch.alerts.unqueued"));
        readings.put(
                "StuckShards",
                stuckFlagByShard.values().stream().mapToDouble(AtomicLong::get).sum());
        readings.put(
                "MaxLagSeconds",
                lagMillisByShard.values().stream()
                                .mapToLong(AtomicLong::get)
                                .max()
                                .orElse(0)
                        / 1000.0);
        return readings;
    }

    private double sum(String counter) {
        return registry.find(counter).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private double findings(String severity) {
        return registry.find("driftwatch.findings").tag("severity", severity).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    public String scrape() {
        return registry.scrape();
    }
}
