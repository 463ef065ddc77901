package dev.driftwatch.bench;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.audit.DynamoDbAuditWriter;
import dev.driftwatch.audit.FindingItems;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.AlertsConfig;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.ConsumerConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Endpoint;
import dev.driftwatch.config.HttpConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.local.LocalEndpoint;
import dev.driftwatch.local.MotoProcess;
import dev.driftwatch.web.WebServer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Page timings of {@code driftwatch ui} over an audit table of 1,000 and then 10,000 findings (or the sizes
 * given), on a fresh local endpoint started for the run: per page, the median of three loads, the DynamoDB
 * requests one load sends, and the ratio of its time to one Query of an item's partition measured in the same
 * run (the local endpoint reads every item of a table for each Query, so its absolute times say little).
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" dev.driftwatch.bench.UiPageBenchmark 1000 10000
 * </pre>
 */
public final class UiPageBenchmark {
    private static final String WATCHED = "inventory";
    private static final int ITEMS = 200;
    private static final Pattern NEXT = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"");

    private UiPageBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args.length == 0 ? new String[] {"1000", "10000"} : args) {
            sizes.add(Integer.parseInt(arg));
        }
        MotoProcess moto = MotoProcess.start(new LocalEndpoint(LocalEndpoint.defaultHome()).home(), System.err);
        RequestCounter counter = new RequestCounter();
        try (AwsClients clients = new AwsClients(Optional.of(moto.url()), Region.US_EAST_1, List.of(counter))) {
            DriftwatchConfig config = DriftwatchConfig.builder()
                    .endpoint(Endpoint.url(moto.url()))
                    .region("us-east-1")
                    .table(TableConfig.named(WATCHED))
                    .audit(AuditConfig.named("bench-ui-findings"))
                    .consumer(ConsumerConfig.local("bench-ui"))
                    .alerts(AlertsConfig.from("ERROR"))
                    .http(new HttpConfig("127.0.0.1", 0))
                    .build();
            AuditTable.create(clients.dynamoDb(), config.audit().table());
            Assembly assembly = Assembly.of(config, clients);
            List<String> rules = assembly.knownRuleIds().subList(0, 6);
            Instant now = Instant.now();
            DynamoDbAuditWriter writer = new DynamoDbAuditWriter(
                    clients.dynamoDbAsync(),
                    config.audit().table(),
                    new FindingItems(Duration.ofDays(90), List.of(), Optional.of(Severity.ERROR)));
            System.out.printf("%-40s %8s %9s %9s %10s%n", "page", "findings", "median ms", "requests", "x 1 query");
            int stored = 0;
            try (WebServer server = WebServer.start(
                    assembly.auditPages(Optional.empty()),
                    "127.0.0.1",
                    0,
                    Duration.ofMinutes(30),
                    java.util.Set.of())) {
                for (int size : sizes) {
                    long seedStart = System.nanoTime();
                    List<Finding> batch = new ArrayList<>();
                    for (int i = stored; i < size; i++) {
                        batch.add(finding(i, rules, now));
                        if (batch.size() == 500) {
                            writer.write(batch);
                            batch.clear();
                        }
                    }
                    if (!batch.isEmpty()) {
                        writer.write(batch);
                    }
                    System.err.printf(
                            "seeded %d findings in %.1f s%n", size - stored, (System.nanoTime() - seedStart) / 1e9);
                    stored = size;
                    measure(server.port(), counter, clients, config, size, rules);
                }
            }
        } finally {
            moto.stop();
        }
    }

    private static Finding finding(int i, List<String> rules, Instant now) {
        String rule = rules.get(i % rules.size());
        Instant detected = now.minusMillis((long) i * 7_000L % (20L * 3600 * 1000));
        String item = String.format("item-%04d", i % ITEMS);
        return Finding.builder()
                .id(String.format("bench-%08d", i))
                .ruleId(rule)
                .severity(i % 2 == 0 ? Severity.CRITICAL : Severity.WARNING)
                .findingClass(i % 3 == 0 ? FindingClass.INVARIANT : FindingClass.LOST_UPDATE)
                .table(WATCHED)
                .itemKey(item)
                .eventName("MODIFY")
                .sequenceNumber(Long.toString(100_000_000_000L + i))
                .shardId("shard-1")
                .approximateCreationTime(detected.minusMillis(300))
                .detectedAt(detected)
                .message("bench finding " + i + ": quantity 10 → 9, expected 8")
                .oldImage(Map.of(
                        "sku", AttributeValue.fromS(item),
                        "quantity", AttributeValue.fromN("10"),
                        "version", AttributeValue.fromN(Integer.toString(i))))
                .newImage(Map.of(
                        "sku", AttributeValue.fromS(item),
                        "quantity", AttributeValue.fromN("9"),
                        "version", AttributeValue.fromN(Integer.toString(i + 1))))
                .writer(Optional.of("w" + (i % 8)))
                .writeId(Optional.of("id-" + i))
                .lostUnits(Optional.of(BigDecimal.ONE))
                .build();
    }

    private static void measure(
            int port, RequestCounter counter, AwsClients clients, DriftwatchConfig config, int size, List<String> rules)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().build();
        String base = "http://127.0.0.1:" + port;
        // one Query of one item's partition: the unit the pages are measured in
        String pk = FindingItems.partitionKey(WATCHED, "item-0000");
        long[] query = new long[5];
        for (int i = 0; i < query.length; i++) {
            long start = System.nanoTime();
            clients.dynamoDb()
                    .query(b -> b.tableName(config.audit().table())
                            .keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))));
            query[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(query);
        double oneQueryMs = query[2] / 1e6;
        System.out.printf(
                "%-40s %8d %9.1f %9d %10.1f%n", "(one Query of an item's partition)", size, oneQueryMs, 1, 1.0);
        String findings = get(http, base + "/findings");
        Matcher next = NEXT.matcher(findings);
        String page2 = next.find() ? next.group(1).replace("&amp;", "&") : "/findings";
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview, 24 h, all rules", "/");
        pages.put("findings, first page of 50", "/findings");
        pages.put("findings, second page (token)", page2);
        pages.put("findings, one rule", "/findings?rule=" + rules.get(0));
        pages.put("findings, one item", "/findings?item=item-0007");
        pages.put("finding detail with image diff", "/finding?item=item-0007&id=bench-00000007");
        pages.put("item history (" + (size / ITEMS) + " records)", "/item?item=item-0007");
        pages.put("CSV export, one rule (" + (size / rules.size()) + " rows)", "/findings.csv?rule=" + rules.get(0));
        for (Map.Entry<String, String> page : pages.entrySet()) {
            long[] times = new long[3];
            long requests = 0;
            for (int i = 0; i < times.length; i++) {
                counter.reset();
                long start = System.nanoTime();
                String body = get(http, base + page.getValue());
                times[i] = System.nanoTime() - start;
                System.err.printf("  %s: %.1f s, %d requests%n", page.getKey(), times[i] / 1e9, counter.count());
                requests = counter.count();
                if (body.contains("id=\"error\"")) {
                    throw new IllegalStateException(page.getKey() + " failed: " + body);
                }
            }
            java.util.Arrays.sort(times);
            double ms = times[1] / 1e6;
            System.err.printf("measured %s at %d findings%n", page.getKey(), size);
            System.out.printf("%-40s %8d %9.1f %9d %10.1f%n", page.getKey(), size, ms, requests, ms / oneQueryMs);
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
