package dev.driftwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.CloudWatchConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * Issue 21 item 2: the daemon publishes its key events to CloudWatch itself (moto serves CloudWatch too), so the
 * alarms of infra/cloudformation watch what it counts, not log text: after a violation, ErrorFindings arrives.
 */
class CloudWatchPublisherIT {
    @Test
    void violationAudited_errorFindingsPublishedWithItsTable() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        String namespace = TestEndpoint.unique("driftwatch");
        DriftwatchConfig base = TestEndpoint.freshTables();
        DriftwatchConfig config = base.toBuilder()
                .cloudWatch(new CloudWatchConfig(Optional.of(namespace), 1))
                .build();
        new Items(clients, config.table().name()).put("a", "quantity", -3, "version", 1); // negative-stock, ERROR

        Assembly assembly = Assembly.of(config, clients);
        AuditPipeline pipeline = assembly.pipeline()
                .observer(assembly.metrics())
                .alertsToLogOnOwnThread()
                .build();
        try (StreamDaemon daemon = assembly.daemon(pipeline);
                CloudWatchPublisher publisher =
                        assembly.startCloudWatchPublisher().orElseThrow()) {
            daemon.start();
            Await.atLeast("the finding stored", () -> pipeline.stats().findingsWritten(), 1, Duration.ofSeconds(120));
            Await.atLeast(
                    "ErrorFindings published",
                    () -> (long) sum(clients, namespace, config, "ErrorFindings"),
                    1,
                    Duration.ofSeconds(30));
        } finally {
            pipeline.close();
        }
        assertEquals(1.0, sum(clients, namespace, config, "ErrorFindings"), "counted once, not once per publication");
        assertTrue(sum(clients, namespace, config, "RecordsProcessed") >= 1.0);
    }

    private static double sum(AwsClients clients, String namespace, DriftwatchConfig config, String metric) {
        Instant now = Instant.now();
        return clients
                .cloudWatch()
                .getMetricStatistics(b -> b.namespace(namespace)
                        .metricName(metric)
                        .dimensions(d -> d.name("Table").value(config.table().name()))
                        .startTime(now.minus(Duration.ofHours(1)))
                        .endTime(now.plus(Duration.ofMinutes(5)))
                        .period(3600)
                        .statistics(Statistic.SUM))
                .join()
                .datapoints()
                .stream()
                .mapToDouble(point -> point.sum())
                .sum();
    }
}
