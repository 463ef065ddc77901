package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import dev.driftwatch.updater.ConditionalUpdater;
import dev.driftwatch.updater.TransactionOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The daemon on the local endpoint: SDK writes that violate each rule once → exactly those findings. */
class DetectorIT {
    @Test
    void daemon_oneViolationPerRule_exactlyTheExpectedFindings() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = TestEndpoint.freshTables();

        Items items = new Items(clients, config.table().name());
        items.put("clean", "quantity", 5, "version", 1);
        items.put("clean", "quantity", 4, "version", 2, "lastDelta", -1, "writeId", "c2");
        items.put("neg", "quantity", 1, "version", 1);
        items.put("neg", "quantity", -2, "version", 2);
        items.put("vni", "quantity", 10, "version", 1);
        items.put("vni", "quantity", 9, "version", 1);
        items.put("reg", "version", 1);
        items.put("reg", "version", 2);
        items.put("reg", "version", 1);
        items.put("skip", "version", 1);
        items.put("skip", "version", 4);
        items.put("miss", "version", 1, "quantity", 2);
        items.put("miss", "quantity", 1);
        items.put("ins", "version", 5);
        items.put("cons", "quantity", 10, "version", 1, "writeId", "a");
        items.put("cons", "quantity", 5, "version", 2, "lastDelta", -1, "writeId", "b");
        items.put("rem", "quantity", 3, "version", 1);
        items.delete("rem");

        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        DriftwatchConfig served = config.toBuilder()
                .http(new dev.driftwatch.config.HttpConfig("127.0.0.1", port))
                .build();
        // Metered clients, as `driftwatch run` has them: /metrics shows what the calls cost (issue 19).
        Assembly assembly = Assembly.metered(served, dev.driftwatch.ruleset.RuleSet.forConfig(served));
        AuditPipeline pipeline = assembly.pipeline()
                .observer(assembly.metrics())
                .alertsToLogOnOwnThread()
                .build();
        String metrics;
        String health;
        try (StreamDaemon daemon = assembly.daemon(pipeline);
                dev.driftwatch.ops.OpsServer ops =
                        assembly.startOpsServer(daemon::isRunning).orElseThrow()) {
            daemon.start();
            Await.atLeast("records audited", () -> pipeline.stats().records(), items.writes(), Duration.ofSeconds(120));
            metrics = get(port, "/metrics");
            health = get(port, "/health");
        }
        // The coverage ledger: the one shard, every record, no hole (issue 16 item 3).
        dev.driftwatch.audit.CoverageLedger ledger = assembly.coverageLedger();
        assertEquals(List.of(), ledger.holes());
        assertEquals(1, ledger.shards().size(), ledger.shards().toString());
        assertEquals(items.writes(), ledger.shards().get(0).records());
        // The running daemon's own /metrics and /health, scraped over HTTP (issue 16).
        assertEquals("{\"status\":\"UP\"}\n", health);
        assertEquals(
                (double) pipeline.stats().records(),
                sample(
                        metrics,
                        "driftwatch_records_processed_total{table=\""
                                + config.table().name() + "\"}"));
        assertEquals(
                8.0,
                metrics.lines()
                        .filter(line -> line.startsWith("driftwatch_findings_total{"))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .sum());
        // Eight findings, each at least one write unit; a checkpoint per stored batch; the stream read.
        double findingWrites = sample(
                metrics,
                "driftwatch_request_units_total{kind=\"write\",purpose=\"findings\",table=\""
                        + config.audit().table() + "\"}");
        assertTrue(findingWrites >= 8.0, "finding write units: " + findingWrites);
        assertEquals(
                assembly.costMeter()
                        .total(key -> key.purpose().equals("findings")
                                && key.kind() == dev.driftwatch.cost.CostMeter.Kind.WRITE_UNITS),
                findingWrites);
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith(
                                "driftwatch_request_units_total{kind=\"write\"," + "purpose=\"checkpoints\"")),
                "checkpoint writes metered");
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith(
                                "driftwatch_request_units_total{kind=\"request\"," + "purpose=\"stream-reads\"")),
                "GetRecords metered");
        assembly.clients().close();

        List<Finding> findings = new AuditQueries(
                        clients.dynamoDb(), config.audit().table())
                .all(config.table().name());
        Map<String, TreeSet<String>> rulesByItem = findings.stream()
                .collect(Collectors.groupingBy(
                        Finding::itemKey,
                        TreeMap::new,
                        Collectors.mapping(Finding::ruleId, Collectors.toCollection(TreeSet::new))));
        assertEquals(
                Map.of(
                        "neg", new TreeSet<>(List.of("negative-stock")),
                        "vni", new TreeSet<>(List.of("version-not-incremented")),
                        "reg", new TreeSet<>(List.of("version-regressed")),
                        "skip", new TreeSet<>(List.of("version-skipped")),
                        "miss", new TreeSet<>(List.of("version-missing")),
                        "ins", new TreeSet<>(List.of("insert-version")),
                        "cons", new TreeSet<>(List.of("conservation")),
                        "rem", new TreeSet<>(List.of("remove-with-stock"))),
                rulesByItem);
        assertEquals(8, findings.size());
        Finding conservation = findings.stream()
                .filter(f -> f.itemKey().equals("cons"))
                .findFirst()
                .orElseThrow();
        assertEquals(Optional.of(new BigDecimal("-4")), conservation.lostUnits());
        assertEquals(
                "quantity 10 → 5 with delta -1, expected 9: -4 units dropped that a writer had added",
                conservation.message());
    }

    @Test
    void daemon_shardedCounterAndRetriedWrite_logicalSumAndDuplicateApplyFound() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig base = TestEndpoint.freshConfig();
        DriftwatchConfig config =
                TestEndpoint.createTables(base.withTable(base.table().withShardedCounters(true)));

        ConditionalUpdater updater = ConditionalUpdater.builder()
                .client(clients.dynamoDb())
                .table(config.table().name())
                .partitionKey("sku")
                .writer("it")
                .build();
        assertEquals(
                TransactionOutcome.Committed.class,
                updater.sharded("quantity", false)
                        .create("S", BigDecimal.valueOf(6), 3)
                        .getClass());
        Items items = new Items(clients, config.table().name());
        // A writer that bypasses the counter takes 7 units from one shard: -5 there, -1 in total.
        items.put("S#1", "quantity", -5, "shards", 3, "version", 2, "lastDelta", -7, "writeId", "raw-1");
        // One write landing twice (an SDK retry after a lost response): same write id, quantity moved again.
        items.put("dup", "quantity", 5, "version", 1, "writeId", "w0");
        items.put("dup", "quantity", 4, "version", 2, "lastDelta", -1, "writeId", "w1");
        items.put("dup", "quantity", 3, "version", 3, "lastDelta", -1, "writeId", "w1");

        AuditPipeline pipeline =
                Assembly.of(config, clients).pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = Assembly.of(config, clients).daemon(pipeline)) {
            daemon.start();
            Await.atLeast(
                    "records audited", () -> pipeline.stats().records(), items.writes() + 4, Duration.ofSeconds(120));
        }

        List<Finding> findings = new AuditQueries(
                        clients.dynamoDb(), config.audit().table())
                .all(config.table().name());
        Map<String, TreeSet<String>> rulesByItem = findings.stream()
                .collect(Collectors.groupingBy(
                        Finding::itemKey,
                        TreeMap::new,
                        Collectors.mapping(Finding::ruleId, Collectors.toCollection(TreeSet::new))));
        assertEquals(
                Map.of(
                        "S#1", new TreeSet<>(List.of("logical-negative-stock", "negative-stock")),
                        "dup", new TreeSet<>(List.of("duplicate-apply"))),
                rulesByItem);
        Finding logical = findings.stream()
                .filter(f -> f.ruleId().equals("logical-negative-stock"))
                .findFirst()
                .orElseThrow();
        assertEquals("logical item S: its 3 shards sum to -1, below the floor 0 (S#1 now -5)", logical.message());
        Finding duplicate = findings.stream()
                .filter(f -> f.ruleId().equals("duplicate-apply"))
                .findFirst()
                .orElseThrow();
        assertEquals(Optional.of(new BigDecimal("-1")), duplicate.lostUnits());
        assertEquals(Optional.of("w1"), duplicate.writeId());
    }

    private static String get(int port, String path) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static double sample(String metrics, String series) {
        return metrics.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(series + " not in " + metrics));
    }
}
