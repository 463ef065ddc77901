package dev.driftwatch.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Publishes the daemon's key events to CloudWatch itself (PutMetricData, one call per interval), so that alarms
 * watch what the daemon counts rather than log lines that must first be shipped somewhere. Counters are sent as
 * what happened since the last publication; gauges as they are now. Dimension {@code Table}.
 */
public final class CloudWatchPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchPublisher.class);

    /** The metrics sent as counts since the last publication; the others are sent as current values. */
    public static final Set<String> COUNTED = Set.of(
            "RecordsProcessed",
            "AuditWriteFailures",
            "CoverageLosses",
            "CriticalFindings",
            "ErrorFindings",
            "AlertsFailed",
            "BatchesSkipped",
            "AlertsNotQueued");

    /** Every metric name published. */
    public static final Set<String> METRICS = Set.of(
            "RecordsProcessed",
            "AuditWriteFailures",
            "CoverageLosses",
            "CriticalFindings",
            "ErrorFindings",
            "AlertsFailed",
            "BatchesSkipped",
            "AlertsNotQueued",
            "StuckShards",
            "MaxLagSeconds");

    private final DaemonMetrics metrics;
    private final CloudWatchAsyncClient cloudWatch;
    private final String namespace;
    private final String table;
    private final Clock clock;
    private final Map<String, Double> lastTotals = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "driftwatch-cloudwatch");
        thread.setDaemon(true);
        return thread;
    });

    public CloudWatchPublisher(
            DaemonMetrics metrics, CloudWatchAsyncClient cloudWatch, String namespace, String table, Clock clock) {
        this.metrics = metrics;
        this.cloudWatch = cloudWatch;
        this.namespace = namespace;
        this.table = table;
        this.clock = clock;
        metrics.cloudWatchReadings().forEach((name, value) -> {
            if (COUNTED.contains(name)) {
                lastTotals.put(name, value);
            }
        });
    }

    public CloudWatchPublisher start(Duration every) {
        timer.scheduleWithFixedDelay(this::publishQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (RuntimeException e) {
            // The next publication sends these counts with its own: nothing counted is lost while CloudWatch is away.
            LOG.warn("cloudwatch metrics not published namespace={} error=\"{}\"", namespace, e.toString());
        }
    }

    /** Sends one publication now; the counts move on only once CloudWatch has them. */
    synchronized void publish() {
        Map<String, Double> readings = metrics.cloudWatchReadings();
        List<MetricDatum> data = new ArrayList<>();
        var now = clock.instant();
        readings.forEach((name, value) -> {
            double sent = COUNTED.contains(name) ? value - lastTotals.getOrDefault(name, 0.0) : value;
            data.add(MetricDatum.builder()
                    .metricName(name)
                    .dimensions(Dimension.builder().name("Table").value(table).build())
                    .timestamp(now)
                    .unit(name.endsWith("Seconds") ? StandardUnit.SECONDS : StandardUnit.COUNT)
                    .value(sent)
                    .build());
        });
        cloudWatch.putMetricData(b -> b.namespace(namespace).metricData(data)).join();
        readings.forEach((name, value) -> {
            if (COUNTED.contains(name)) {
                lastTotals.put(name, value);
            }
        });
    }

    /** Stops, after a last publication of what was counted since the previous one. */
    @Override
    public void close() {
        timer.shutdownNow();
        publishQuietly();
    }
}
