package dev.driftwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The events an operator is paged on, as Prometheus counters and as CloudWatch readings. */
class DaemonMetricsTest {
    @Test
    void batchSkippedAndAlertNotQueued_countedForPrometheusAndCloudWatch() {
        DaemonMetrics metrics = new DaemonMetrics("inventory");
        metrics.batchSkipped("shard-1", 1000);
        metrics.batchSkipped("shard-1", 3);
        metrics.alertNotQueued(dev.driftwatch.alert.AlertFixturesAccess.finding());

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("driftwatch_batches_skipped_total{table=\"inventory\"} 2.0"), scrape);
        assertTrue(scrape.contains("driftwatch_alerts_unqueued_total{table=\"inventory\"} 1.0"), scrape);
        assertEquals(2.0, metrics.cloudWatchReadings().get("BatchesSkipped"));
        assertEquals(1.0, metrics.cloudWatchReadings().get("AlertsNotQueued"));
        assertEquals(CloudWatchPublisher.METRICS, metrics.cloudWatchReadings().keySet());
    }
}
