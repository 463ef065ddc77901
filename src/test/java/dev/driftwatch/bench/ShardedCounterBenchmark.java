package dev.driftwatch.bench;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.demo.InventoryTable;
import dev.driftwatch.local.LocalEndpoint;
import dev.driftwatch.local.MotoProcess;
import dev.driftwatch.updater.ConditionalUpdater;
import dev.driftwatch.updater.RetryPolicy;
import dev.driftwatch.updater.ShardedCounter;
import dev.driftwatch.updater.UpdateOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A hot logical item decremented by 8 writers until its stock is gone, side by side in one run on
 * one endpoint: one item (versioned read-modify-write, the atomic guarded adjust, and the
 * idempotent adjustOnce) against a sharded counter of 4 and of 16 shards. The stock equals the decrements, so the last ones must find
 * the shards that still hold units. Prints updates/s, conditional-check failures per update,
 * requests per update and p50/p99 latency.
 *
 * <p>Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.driftwatch.bench.ShardedCounterBenchmark [-Dexec.args="8 2000 2"]}
 * (threads, decrements, rounds).
 */
public final class ShardedCounterBenchmark {
    private static final RetryPolicy RETRY = new RetryPolicy(1000, Duration.ofMillis(1), Duration.ofMillis(20));
    private static final Map<String, AttributeValue> HOT = Map.of("sku", AttributeValue.fromS("hot"));

    private record Result(
            String name, long updates, long requests, long conditionFailures, double seconds, Percentiles latency) {}

    private interface Workload {
        /** One decrement of one unit; false when it did not apply. */
        boolean decrement();
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int updates = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        MotoProcess moto = MotoProcess.start(LocalEndpoint.defaultHome(), System.err);
        try (AwsClients tables = AwsClients.local(moto.url(), Region.US_EAST_1)) {
            RequestCounter counter = new RequestCounter();
            DynamoDbClient client = counter.client(moto.url());
            System.out.printf(
                    "%d writers, one hot logical item holding %d units, decremented by one until empty; %d rounds%n",
                    threads, updates, rounds);
            List<Result> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (String workload : List.of(
                        "one item, versioned", "one item, atomic", "one item, adjustOnce", "4 shards", "16 shards")) {
                    results.add(measure(workload, round, client, tables, counter, threads, updates));
                    System.err.println("done: " + workload + " (round " + round + ")");
                }
            }
            System.out.printf(
                    "%n%-30s %10s %16s %14s %9s %9s%n",
                    "workload", "updates/s", "cond.fail/update", "requests/upd", "p50 ms", "p99 ms");
            for (Result r : results) {
                System.out.printf(
                        "%-30s %10.1f %16.3f %14.2f %9.1f %9.1f%n",
                        r.name(),
                        r.updates() / r.seconds(),
                        (double) r.conditionFailures() / r.updates(),
                        (double) r.requests() / r.updates(),
                        r.latency().p50(),
                        r.latency().p99());
            }
            client.close();
        } finally {
            moto.stop();
        }
    }

    private static Result measure(
            String name,
            int round,
            DynamoDbClient client,
            AwsClients tables,
            RequestCounter counter,
            int threads,
            int updates)
            throws Exception {
        String table = "bench-sharded-" + System.nanoTime();
        InventoryTable.create(tables.dynamoDb(), TableConfig.named(table));
        ConditionalUpdater.createLedgerTable(tables.dynamoDb(), table + "-ledger");
        ConditionalUpdater updater = ConditionalUpdater.builder()
                .client(client)
                .table(table)
                .partitionKey("sku")
                .writer("bench")
                .retry(RETRY)
                .ledger(table + "-ledger")
                .build();
        AtomicLong operations = new AtomicLong();
        BigDecimal stock = BigDecimal.valueOf(updates);
        Workload workload;
        if (name.startsWith("one item")) {
            updater.update(HOT, item -> {
                item.put("quantity", AttributeValue.fromN(stock.toPlainString()));
                return item;
            });
            if (name.endsWith("versioned")) {
                workload = () -> updater.update(HOT, item -> {
                            long quantity = Long.parseLong(item.get("quantity").n());
                            if (quantity < 1) {
                                return null;
                            }
                            item.put("quantity", AttributeValue.fromN(Long.toString(quantity - 1)));
                            return item;
                        })
                        .isApplied();
            } else if (name.endsWith("adjustOnce")) {
                workload = () -> updater.adjustOnce(
                                "op-" + operations.incrementAndGet(),
                                HOT,
                                "quantity",
                                BigDecimal.ONE.negate(),
                                BigDecimal.ZERO)
                        .isApplied();
            } else {
                workload = () -> updater.adjust(HOT, "quantity", BigDecimal.ONE.negate(), BigDecimal.ZERO)
                        .isApplied();
            }
        } else {
            ShardedCounter counterItem = updater.sharded("quantity", false);
            counterItem.create("hot", stock, Integer.parseInt(name.substring(0, name.indexOf(' '))));
            workload = () -> counterItem.adjust("hot", BigDecimal.ONE.negate(), BigDecimal.ZERO)
                    instanceof UpdateOutcome.Applied;
        }
        counter.reset();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        double seconds = ContendedRun.seconds(
                threads,
                updates,
                () -> {
                    long start = System.nanoTime();
                    boolean applied = workload.decrement();
                    latencies.add((System.nanoTime() - start) / 1e6);
                    return applied;
                },
                "a decrement did not apply while stock remained");
        double[] sample = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(
                name + " (round " + round + ")",
                updates,
                counter.count(),
                counter.conditionFailures(),
                seconds,
                Percentiles.of(sample));
    }
}
