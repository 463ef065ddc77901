package dev.driftwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.UnstampedWriters;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.ruleset.RuleSet;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.StreamExport;
import dev.driftwatch.support.TestEndpoint;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Issue 22, false positives: legitimate writers that stamp nothing, on a table where some writes touch only
 * {@code updated_at} and other attributes (renames, notes) and the others move {@code quantity} by one atomically.
 * Declared as such ({@code countersAlwaysChange: false}, units ±1) the daemon finds nothing; the same stream replayed
 * with the counter declared always-changing flags every rename and note, which is why the option exists.
 */
class UnstampedWorkloadIT {
    private static final List<String> ITEMS = List.of("w-1", "w-2", "w-3");
    private static final int WRITERS = 4;
    private static final int OPS_PER_WRITER = 60;

    @TempDir
    Path dir;

    @Test
    void daemon_legitimateWritesOfOtherAttributes_noFindingUnlessCounterDeclaredAlwaysChanging() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig base = TestEndpoint.freshTables();
        DriftwatchConfig config = base.withTable(base.table()
                .withUnstamped(new UnstampedWriters(
                        Optional.of("updated_at"),
                        List.of("quantity"),
                        List.of(BigDecimal.ONE.negate(), BigDecimal.ONE),
                        false)));
        String table = config.table().name();
        for (String sku : ITEMS) {
            clients.dynamoDb()
                    .putItem(b -> b.tableName(table)
                            .item(Map.of(
                                    "sku", AttributeValue.fromS(sku),
                                    "quantity", AttributeValue.fromN("1000"),
                                    "name", AttributeValue.fromS("first"),
                                    "updated_at",
                                            AttributeValue.fromS(Instant.now().toString()))));
        }
        Assembly assembly = Assembly.of(config, RuleSet.forConfig(config), clients);
        AuditPipeline pipeline = assembly.pipeline().alertsToLogOnOwnThread().build();
        Map<String, Integer> writes;
        try (StreamDaemon daemon = assembly.daemon(pipeline)) {
            daemon.start();
            writes = workload(clients.dynamoDb(), table);
            int records = ITEMS.size()
                    + writes.values().stream().mapToInt(Integer::intValue).sum();
            Await.atLeast("records audited", () -> pipeline.stats().records(), records, Duration.ofSeconds(180));
            assertEquals(records, pipeline.stats().records());
        } finally {
            pipeline.close();
        }
        List<Finding> daemonFindings =
                new AuditQueries(clients.dynamoDb(), config.audit().table()).all(table);
        assertEquals(List.of(), daemonFindings, "legitimate writes raise nothing: " + writes);

        List<Record> records = StreamExport.read(clients.streams(), streamArn(clients, table));
        Path export = dir.resolve("stream.jsonl");
        StreamExport.writeLines(records, export);
        Replay.Report declared = new Replay(Assembly.offline(config, RuleSet.forConfig(config)), line -> {}, "replay")
                .run(List.of(export));
        assertEquals(List.of(), declared.findings());

        DriftwatchConfig alwaysChanging = config.withTable(config.table()
                .withUnstamped(new UnstampedWriters(
                        Optional.of("updated_at"),
                        List.of("quantity"),
                        List.of(BigDecimal.ONE.negate(), BigDecimal.ONE),
                        true)));
        Replay.Report misdeclared = new Replay(
                        Assembly.offline(alwaysChanging, RuleSet.forConfig(alwaysChanging)), line -> {}, "replay")
                .run(List.of(export));
        Map<String, Long> byRule = new TreeMap<>();
        misdeclared.findings().forEach(finding -> byRule.merge(finding.ruleId(), 1L, Long::sum));
        assertEquals(
                Map.of("counter-unchanged", (long) (writes.get("rename") + writes.get("note"))),
                byRule,
                "each write that left quantity alone, and nothing else");
    }

    /** Guarded decrements, increments, renames and notes from several threads; the count of each that applied. */
    private static Map<String, Integer> workload(DynamoDbClient dynamoDb, String table) throws Exception {
        Map<String, AtomicInteger> applied = new TreeMap<>();
        for (String kind : List.of("decrement", "increment", "rename", "note")) {
            applied.put(kind, new AtomicInteger());
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                futures.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int op = 0; op < OPS_PER_WRITER; op++) {
                        String sku = ITEMS.get(random.nextInt(ITEMS.size()));
                        String kind = List.copyOf(applied.keySet()).get(random.nextInt(applied.size()));
                        if (write(dynamoDb, table, sku, kind)) {
                            applied.get(kind).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        Map<String, Integer> counts = new TreeMap<>();
        applied.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    private static boolean write(DynamoDbClient dynamoDb, String table, String sku, String kind) {
        String now = Instant.now().toString() + "#" + UUID.randomUUID(); // never equal: every write leaves a record
        Map<String, AttributeValue> key = Map.of("sku", AttributeValue.fromS(sku));
        try {
            switch (kind) {
                case "decrement" ->
                    dynamoDb.updateItem(b -> b.tableName(table)
                            .key(key)
                            .updateExpression("SET quantity = quantity - :one, updated_at = :now")
                            .conditionExpression("quantity >= :one")
                            .expressionAttributeValues(
                                    Map.of(":one", AttributeValue.fromN("1"), ":now", AttributeValue.fromS(now))));
                case "increment" ->
                    dynamoDb.updateItem(b -> b.tableName(table)
                            .key(key)
                            .updateExpression("SET quantity = quantity + :one, updated_at = :now")
                            .expressionAttributeValues(
                                    Map.of(":one", AttributeValue.fromN("1"), ":now", AttributeValue.fromS(now))));
                default ->
                    dynamoDb.updateItem(b -> b.tableName(table)
                            .key(key)
                            .updateExpression("SET #attr = :value, updated_at = :now")
                            .expressionAttributeNames(Map.of("#attr", kind.equals("rename") ? "name" : "note"))
                            .expressionAttributeValues(Map.of(
                                    ":value",
                                            AttributeValue.fromS(
                                                    UUID.randomUUID().toString()),
                                    ":now", AttributeValue.fromS(now))));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static String streamArn(AwsClients clients, String table) {
        return clients.dynamoDb().describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }
}
