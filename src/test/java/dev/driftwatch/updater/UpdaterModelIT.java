package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.demo.FaultProxy;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.replay.Replay;
import dev.driftwatch.ruleset.RuleSet;
import dev.driftwatch.support.StreamExport;
import dev.driftwatch.support.TestEndpoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The updater held to {@link UpdaterModel}: two or three writers run generated scripts of every operation
 * concurrently on the same few keys, through a {@link FaultProxy} that drops responses of writes that landed, delays
 * requests and answers some with throttling or server errors; then the stream, the outcomes and the table are
 * checked against the model, and the stream is replayed through driftwatch's own pipeline as a second oracle: no
 * LOST_UPDATE or INVARIANT finding ever, and one DUPLICATE_WRITE per extra application of a plain {@code adjust}.
 *
 * <p>Tries per run: {@code jqwik.tries.default} (8 in {@code junit-platform.properties}); more with e.g.
 * {@code -Djqwik.tries.default=100}.
 */
class UpdaterModelIT {
    private static final FaultProxy.Faults FAULTS = new FaultProxy.Faults(0.02, 0.02, 0, 0.1, 30, 0.1);
    private static final RetryPolicy RETRY = new RetryPolicy(60, Duration.ofMillis(2), Duration.ofMillis(40));
    private static final AtomicLong SEQUENCES = new AtomicLong();
    private static final AtomicLong OPERATIONS = new AtomicLong();
    private static final AtomicLong DUPLICATES = new AtomicLong();
    private static final AtomicLong INDETERMINATE = new AtomicLong();
    private static final AtomicLong DROPPED = new AtomicLong();
    private static String ledger;

    @Provide
    Arbitrary<List<List<UpdaterAction>>> scripts() {
        return UpdaterAction.scripts();
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    void operations_concurrentWritersBehindFaults_keepEveryPromiseOfTheModel(
            @ForAll("scripts") List<List<UpdaterAction>> scripts) throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig fresh = TestEndpoint.freshTables();
        // The sharded counter's logical-sum rule on: a legitimate reshard must raise no INVARIANT finding either.
        DriftwatchConfig config = fresh.withTable(fresh.table().withShardedCounters(true));
        String table = config.table().name();
        synchronized (UpdaterModelIT.class) {
            if (ledger == null) {
                ledger = TestEndpoint.unique("ledger");
                ConditionalUpdater.createLedgerTable(clients.dynamoDb(), ledger);
            }
        }
        seed(clients.dynamoDb(), table);
        List<UpdaterModel.Call> calls;
        try (FaultProxy proxy = new FaultProxy(TestEndpoint.url(), FAULTS);
                DynamoDbClient lossy = lossyClient(proxy)) {
            calls = run(lossy, table, scripts);
            DROPPED.addAndGet(proxy.dropped.sum());
        }
        Map<String, Optional<Map<String, AttributeValue>>> items = new HashMap<>();
        for (int k = 0; k < UpdaterAction.KEYS; k++) {
            String key = UpdaterModel.plainKey(k);
            var item = clients.dynamoDb()
                    .getItem(b -> b.tableName(table).key(sku(key)).consistentRead(true));
            items.put(key, item.hasItem() && !item.item().isEmpty() ? Optional.of(item.item()) : Optional.empty());
        }
        var stream = StreamExport.read(clients.streams(), streamArn(clients, table));
        Optional<BigDecimal> counter = updater(clients.dynamoDb(), table, "reader")
                .sharded("quantity", false)
                .read(UpdaterModel.COUNTER);
        UpdaterModel.Verdict verdict = UpdaterModel.check(calls, stream, items, counter);
        assertEquals(List.of(), verdict.violations(), "scripts " + scripts);

        List<Finding> reported = findings(config, stream);
        Map<FindingClass, Long> found = new TreeMap<>();
        reported.forEach(finding -> found.merge(finding.findingClass(), 1L, Long::sum));
        Map<FindingClass, Long> expected = new TreeMap<>();
        if (verdict.expectedDuplicates() > 0) {
            expected.put(FindingClass.DUPLICATE_WRITE, (long) verdict.expectedDuplicates());
        }
        assertEquals(
                expected,
                found,
                "the detector on the same stream: "
                        + reported.stream()
                                .map(f -> f.ruleId() + " " + f.itemKey() + ": " + f.message())
                                .toList()
                        + "; scripts " + scripts);
        SEQUENCES.incrementAndGet();
        OPERATIONS.addAndGet(verdict.operations());
        DUPLICATES.addAndGet(verdict.expectedDuplicates());
        INDETERMINATE.addAndGet(verdict.indeterminate());
    }

    @AfterContainer
    static void report() {
        System.out.printf(
                "UpdaterModelIT: %d sequences, %d operations checked, %d responses dropped, %d duplicate"
                        + " applications of plain adjust, each reported as DUPLICATE_WRITE, %d calls Indeterminate%n",
                SEQUENCES.get(), OPERATIONS.get(), DROPPED.get(), DUPLICATES.get(), INDETERMINATE.get());
    }

    private static List<UpdaterModel.Call> run(DynamoDbClient lossy, String table, List<List<UpdaterAction>> scripts)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(scripts.size());
        try {
            List<Future<List<UpdaterModel.Call>>> futures = new ArrayList<>();
            for (int w = 0; w < scripts.size(); w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    // One updater per writer, as one process would have (its memory of keys paces it); each call
                    // writes under a name of its own, so that every stream record names its call.
                    ConditionalUpdater own = updater(lossy, table, "w" + writer + "-shards");
                    ShardedCounter counter = own.sharded("quantity", false);
                    List<UpdaterModel.Call> calls = new ArrayList<>();
                    List<UpdaterAction> script = scripts.get(writer);
                    for (int i = 0; i < script.size(); i++) {
                        String name = "w" + writer + "-" + i;
                        calls.add(new UpdaterModel.Call(
                                name, script.get(i), call(lossy, own.as(name), table, name, counter, script.get(i))));
                    }
                    return calls;
                }));
            }
            List<UpdaterModel.Call> calls = new ArrayList<>();
            for (Future<List<UpdaterModel.Call>> future : futures) {
                calls.addAll(future.get());
            }
            return calls;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Object> call(
            DynamoDbClient lossy,
            ConditionalUpdater updater,
            String table,
            String name,
            ShardedCounter counter,
            UpdaterAction action) {
        if (action instanceof UpdaterAction.Update u) {
            return List.of(updater.update(sku(UpdaterModel.plainKey(u.key())), item -> {
                if (!item.containsKey("quantity")) {
                    return null;
                }
                BigDecimal quantity = new BigDecimal(item.get("quantity").n()).add(BigDecimal.valueOf(u.delta()));
                if (quantity.signum() < 0) {
                    return null; // too little stock: the change declines, as a checkout would
                }
                item.put("quantity", AttributeValue.fromN(quantity.toPlainString()));
                return item;
            }));
        }
        if (action instanceof UpdaterAction.Adjust a) {
            return List.of(updater.adjust(
                    sku(UpdaterModel.plainKey(a.key())), "quantity", BigDecimal.valueOf(a.delta()), BigDecimal.ZERO));
        }
        if (action instanceof UpdaterAction.AdjustOnce a) {
            List<Object> outcomes = new ArrayList<>();
            for (int i = 0; i < (a.retried() ? 2 : 1); i++) {
                outcomes.add(updater.adjustOnce(
                        table + "/" + name,
                        sku(UpdaterModel.plainKey(a.key())),
                        "quantity",
                        BigDecimal.valueOf(a.delta()),
                        BigDecimal.ZERO));
            }
            return outcomes;
        }
        if (action instanceof UpdaterAction.Delete d) {
            // Sold out first, then deleted at the version that emptied it: removing stock is an invariant finding.
            Map<String, AttributeValue> key = sku(UpdaterModel.plainKey(d.key()));
            UpdateOutcome drained = updater.update(key, item -> {
                if (!item.containsKey("quantity")) {
                    return null;
                }
                item.put("quantity", AttributeValue.fromN("0"));
                return item;
            });
            if (!(drained instanceof UpdateOutcome.Applied applied)) {
                return List.of(drained);
            }
            return List.of(
                    drained,
                    updater.delete(
                            key, Long.parseLong(applied.item().get("version").n())));
        }
        if (action instanceof UpdaterAction.Recreate r) {
            return List.of(updater.update(sku(UpdaterModel.plainKey(r.key())), item -> {
                if (item.containsKey("quantity")) {
                    return null;
                }
                item.put("quantity", AttributeValue.fromN(Integer.toString(r.quantity())));
                return item;
            }));
        }
        if (action instanceof UpdaterAction.Transfer t) {
            return List.of(updater.transact(Transaction.builder()
                    .adjust(
                            sku(UpdaterModel.plainKey(t.from())),
                            "quantity",
                            BigDecimal.valueOf(-t.units()),
                            BigDecimal.ZERO)
                    .adjust(
                            sku(UpdaterModel.plainKey(t.to())),
                            "quantity",
                            BigDecimal.valueOf(t.units()),
                            BigDecimal.ZERO)
                    .token(table + "/" + name)
                    .build()));
        }
        if (action instanceof UpdaterAction.ShardAdjust s) {
            return List.of(counter.adjust(UpdaterModel.COUNTER, BigDecimal.valueOf(s.delta()), BigDecimal.ZERO));
        }
        UpdaterAction.Reshard r = (UpdaterAction.Reshard) action;
        return List.of(counter.reshard(UpdaterModel.COUNTER, r.shards()));
    }

    private static void seed(DynamoDbClient direct, String table) {
        ConditionalUpdater seeder = updater(direct, table, "seed");
        for (int k = 0; k < UpdaterAction.KEYS; k++) {
            seeder.update(sku(UpdaterModel.plainKey(k)), item -> {
                item.put("quantity", AttributeValue.fromN(UpdaterModel.SEED.toPlainString()));
                return item;
            });
        }
        seeder.sharded("quantity", false).create(UpdaterModel.COUNTER, UpdaterModel.SEED, 2);
    }

    private static List<Finding> findings(
            DriftwatchConfig config, List<software.amazon.awssdk.services.dynamodb.model.Record> stream)
            throws IOException {
        Path export = Files.createTempFile("updater-model", ".jsonl");
        try {
            StreamExport.writeLines(stream, export);
            return new Replay(Assembly.offline(config, RuleSet.forConfig(config)), line -> {}, "replay")
                    .run(List.of(export))
                    .findings();
        } finally {
            Files.deleteIfExists(export);
        }
    }

    private static ConditionalUpdater updater(DynamoDbClient client, String table, String writer) {
        return ConditionalUpdater.builder()
                .client(client)
                .table(table)
                .partitionKey("sku")
                .writer(writer)
                .retry(RETRY)
                .ledger(ledger)
                .build();
    }

    /** Through the proxy; 30 SDK attempts, so that a call runs out of them only by a fault rate no test sets. */
    private static DynamoDbClient lossyClient(FaultProxy proxy) {
        return DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(proxy.url())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(30)))
                .build();
    }

    private static Map<String, AttributeValue> sku(String key) {
        return Map.of("sku", AttributeValue.fromS(key));
    }

    private static String streamArn(AwsClients clients, String table) {
        return clients.dynamoDb().describeTable(b -> b.tableName(table)).table().latestStreamArn();
    }
}
