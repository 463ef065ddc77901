package dev.driftwatch.ops;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftwatch.alert.Alert;
import dev.driftwatch.alert.AlertDispatcher;
import dev.driftwatch.alert.AlertSink;
import dev.driftwatch.alert.InMemoryAlertOutbox;
import dev.driftwatch.audit.InMemoryAuditWriter;
import dev.driftwatch.config.AlertsConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.SeverityPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** /metrics scraped over HTTP and parsed: the counters move by what the pipeline did; /health follows the daemon. */
class OpsServerTest {
    private static final Instant NOW = Instant.parse("2026-11-26T07:00:00Z"); // 21 h after the records' creation time
    private final HttpClient http = HttpClient.newHttpClient();

    private final DaemonMetrics metrics =
            new DaemonMetrics("inventory", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(20));
    private final AlertSink pager = new AlertSink() {
        @Override
        public String name() {
            return "pager";
        }

        @Override
        public void send(Alert alert) {}
    };
    private final AlertDispatcher alerts = new AlertDispatcher(
                    "inventory",
                    List.of(pager),
                    new InMemoryAlertOutbox(),
                    AlertsConfig.DEFAULT,
                    metrics,
                    Clock.systemUTC())
            .start(false);
    private final AuditPipeline pipeline = new AuditPipeline(
            new RuleEngine(
                    BuiltInRules.forTable(TableConfig.named("inventory")),
                    SeverityPolicy.DEFAULTS,
                    Clock.systemUTC(),
                    "writer",
                    "writeId"),
            new InMemoryAuditWriter(),
            alerts,
            Severity.ERROR,
            metrics);

    private final ChangeRecord lostUpdate = modify(
            item("quantity", 9, "version", 6, "lastDelta", -1, "writeId", "a"),
            item("quantity", 9, "version", 6, "lastDelta", -1, "writeId", "b"));
    private final ChangeRecord skipped = modify(item("version", 1), item("version", 4));
    private final ChangeRecord clean = modify(item("quantity", 5, "version", 1), item("quantity", 4, "version", 2));

    private String get(OpsServer server, String path, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return response.body();
    }

    /** metric name with its labels as printed → value, for every sample line. */
    private static Map<String, Double> parse(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : exposition.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    @Test
    void metrics_afterTwoBatches_countersMoveByWhatThePipelineDid() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, metrics::scrape, () -> true)) {
            pipeline.process(List.of(lostUpdate, clean), List.of());
            Map<String, Double> first = parse(get(server, "/metrics", 200));
            assertEquals(2.0, first.get("driftwatch_records_processed_total{table=\"inventory\"}"));

            pipeline.process(List.of(skipped, clean, clean), List.of());
            pipeline.close(); // delivers the queued alerts
            Map<String, Double> second = parse(get(server, "/metrics", 200));
            assertEquals(5.0, second.get("driftwatch_records_processed_total{table=\"inventory\"}"));
            assertEquals(
                    1.0,
                    second.get(
                            "driftwatch_findings_total{rule=\"conservation\",severity=\"CRITICAL\",table=\"inventory\"}"));
            assertEquals(
                    1.0,
                    second.get(
                            "driftwatch_findings_total{rule=\"version-not-incremented\",severity=\"CRITICAL\",table=\"inventory\"}"),
                    second.keySet().stream()
                            .filter(k -> k.startsWith("driftwatch_findings"))
                            .toList()
                            .toString());
            assertEquals(
                    1.0,
                    second.get(
                            "driftwatch_findings_total{rule=\"version-skipped\",severity=\"WARNING\",table=\"inventory\"}"));
            assertEquals(2.0, second.get("driftwatch_alerts_sent_total{sink=\"pager\",table=\"inventory\"}"));
            assertEquals(
                    2.0,
                    second.get("driftwatch_audit_write_seconds_count{outcome=\"stored\",table=\"inventory\"}"),
                    second.keySet().toString());
            assertEquals(
                    75_600.0, second.get("driftwatch_shard_lag_seconds{shard=\"shardId-0001\",table=\"inventory\"}"));
            assertFalse(
                    second.keySet().stream().anyMatch(name -> name.contains("item-") || name.contains("sku")),
                    "no item key in any label");
        }
    }

    @Test
    void metrics_emptyPollAfterABatch_lagBackToZero() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, metrics::scrape, () -> true)) {
            pipeline.process(List.of(clean), List.of());
            String lag = "driftwatch_shard_lag_seconds{shard=\"shardId-0001\",table=\"inventory\"}";
            assertEquals(75_600.0, parse(get(server, "/metrics", 200)).get(lag));
            pipeline.caughtUp("shardId-0001");
            assertEquals(0.0, parse(get(server, "/metrics", 200)).get(lag));
        }
    }

    /**
     * Issue 17 item 5: a shard's lease ends (read to its end after a rollover, or lost): its lag series goes, rather
     * than stay at its last value and pile up with every rollover. A lease of it taken again brings it back.
     */
    @Test
    void metrics_leaseEnded_shardSeriesRemoved() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, metrics::scrape, () -> true)) {
            pipeline.process(List.of(clean), List.of());
            String lag = "driftwatch_shard_lag_seconds{shard=\"shardId-0001\",table=\"inventory\"}";
            assertEquals(75_600.0, parse(get(server, "/metrics", 200)).get(lag));
            pipeline.leaseEnded("shardId-0001", 0, true);
            assertFalse(
                    get(server, "/metrics", 200).contains("shard=\"shardId-0001\""),
                    "no series of the ended lease's shard");
            pipeline.process(List.of(clean), List.of());
            assertEquals(75_600.0, parse(get(server, "/metrics", 200)).get(lag));
        }
    }

    @Test
    void health_followsTheScheduler_200ThenDown503() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, metrics::scrape, running::get)) {
            assertEquals("{\"status\":\"UP\"}\n", get(server, "/health", 200));
            running.set(false);
            assertEquals("{\"status\":\"DOWN\"}\n", get(server, "/health", 503));
        }
    }
}
