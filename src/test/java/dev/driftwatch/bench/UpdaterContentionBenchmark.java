package dev.driftwatch.bench;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.demo.InventoryTable;
import dev.driftwatch.local.LocalEndpoint;
import dev.driftwatch.local.MotoProcess;
import dev.driftwatch.updater.ConditionalUpdater;
import dev.driftwatch.updater.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The same contention workload through driftwatch's updater and through the Enhanced Client's
 * VersionedRecordExtension, in one run on one local endpoint: 8 threads decrement one hot item until
 * 2,000 decrements have applied. Prints updates/s and requests per successful update for each variant,
 * variants alternating round by round:
 *
 * <ul>
 *   <li>{@code enhanced}, {@code enhanced-500}: the Enhanced Client, backoff capped at 20 ms or 500 ms;
 *   <li>{@code updater-plain}: the updater without memory of keys (read first, back off by attempt), one
 *       instance per writer thread as separate processes would have;
 *   <li>{@code updater}, {@code updater-500}: the updater's defaults (contention-aware pacing and the remembered
 *       item), one instance per writer thread, capped at 20 ms or 500 ms;
 *   <li>{@code updater-queue}: one instance shared by all threads with {@code queueLocally}: writers in one
 *       process queue per key (reported apart: it helps only writers that share the instance);
 *   <li>{@code updater-shared}: one instance shared by all threads without queueing, 20 ms cap: they race each
 *       other at DynamoDB, and a call that lost 8 times in a row takes the key's turn among them.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.driftwatch.bench.UpdaterContentionBenchmark [-Dexec.args="8 2000 3 enhanced,updater"]}
 * (threads, updates, rounds, variants).
 */
public final class UpdaterContentionBenchmark {
    private static final RetryPolicy SHORT = new RetryPolicy(1000, Duration.ofMillis(1), Duration.ofMillis(20));
    private static final RetryPolicy LONG = new RetryPolicy(1000, Duration.ofMillis(1), Duration.ofMillis(500));
    private static final String GAVE_UP = "an update gave up after " + SHORT.maxAttempts() + " attempts";
    private static final List<String> VARIANTS = List.of(
            "enhanced", "enhanced-500", "updater-plain", "updater", "updater-500", "updater-queue", "updater-shared");

    private record Result(
            String name, long updates, long requests, long conflicts, double seconds, Percentiles latency) {
        double perSecond() {
            return updates / seconds;
        }

        double requestsPerUpdate() {
            return (double) requests / updates;
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int updates = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> variants = args.length > 3 ? List.of(args[3].split(",")) : VARIANTS;
        for (String variant : variants) {
            if (!VARIANTS.contains(variant)) {
                throw new IllegalArgumentException("unknown variant " + variant + ", expected one of " + VARIANTS);
            }
        }
        MotoProcess moto = MotoProcess.start(LocalEndpoint.defaultHome(), System.err);
        try {
            RequestCounter counter = new RequestCounter();
            DynamoDbClient client = counter.client(moto.url());
            AwsClients tables = AwsClients.local(moto.url(), Region.US_EAST_1);
            System.out.printf(
                    "%d threads, one hot item, %d successful decrements per run, %d rounds (alternating)%n",
                    threads, updates, rounds);
            List<Result> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (String variant : variants) {
                    Result result = variant.startsWith("enhanced")
                            ? enhanced(variant, client, tables, counter, threads, updates, round)
                            : updater(variant, client, tables, counter, threads, updates, round);
                    System.out.printf(
                            "%-28s %10.1f upd/s %8.2f req/upd%n",
                            result.name(), result.perSecond(), result.requestsPerUpdate());
                    results.add(result);
                }
            }
            System.out.printf(
                    "%n%-28s %10s %14s %14s %10s %8s %8s %8s%n",
                    "workload", "updates/s", "requests/upd", "conflicts/upd", "seconds", "p50 ms", "p99 ms", "max ms");
            for (Result r : results) {
                System.out.printf(
                        "%-28s %10.1f %14.2f %14.2f %10.1f %8.0f %8.0f %8.0f%n",
                        r.name(),
                        r.perSecond(),
                        r.requestsPerUpdate(),
                        (double) r.conflicts() / r.updates(),
                        r.seconds(),
                        r.latency().p50(),
                        r.latency().p99(),
                        r.latency().max());
            }
            System.out.printf(
                    "%n%-16s %14s %12s %22s %20s%n",
                    "variant", "requests/upd", "updates/s", "requests vs enhanced", "rate vs enhanced");
            double enhancedRequests = mean(results, "enhanced", true);
            double enhancedRate = mean(results, "enhanced", false);
            for (String variant : variants) {
                double requests = mean(results, variant, true);
                double rate = mean(results, variant, false);
                System.out.printf(
                        "%-16s %14.2f %12.1f %22.2f %20.2f%n",
                        variant, requests, rate, requests / enhancedRequests, rate / enhancedRate);
            }
            tables.close();
            client.close();
        } finally {
            moto.stop();
        }
    }

    private static double mean(List<Result> results, String variant, boolean requests) {
        return results.stream()
                .filter(r -> r.name().startsWith(variant + " ("))
                .mapToDouble(r -> requests ? r.requestsPerUpdate() : r.perSecond())
                .average()
                .orElse(Double.NaN);
    }

    private static String freshTable(AwsClients tables, String prefix) {
        String name = prefix + "-" + System.nanoTime();
        InventoryTable.create(tables.dynamoDb(), TableConfig.named(name));
        return name;
    }

    private static ConditionalUpdater build(String variant, DynamoDbClient client, String table, String writer) {
        return ConditionalUpdater.builder()
                .client(client)
                .table(table)
                .partitionKey("sku")
                .writer(writer)
                .retry(variant.endsWith("-500") || variant.equals("updater-queue") ? LONG : SHORT)
                .rememberKeys(variant.equals("updater-plain") ? 0 : ConditionalUpdater.Builder.DEFAULT_REMEMBERED_KEYS)
                .queueLocally(variant.equals("updater-queue"))
                .build();
    }

    private static Result updater(
            String variant,
            DynamoDbClient client,
            AwsClients tables,
            RequestCounter counter,
            int threads,
            int updates,
            int round)
            throws Exception {
        String table = freshTable(tables, "bench-updater");
        Map<String, AttributeValue> key = Map.of("sku", AttributeValue.fromS("hot"));
        build(variant, client, table, "seed").update(key, item -> {
            item.put("quantity", AttributeValue.fromN("1000000"));
            return item;
        });
        List<ConditionalUpdater> writers = new CopyOnWriteArrayList<>();
        ConditionalUpdater shared = build(variant, client, table, "bench");
        writers.add(shared);
        ThreadLocal<ConditionalUpdater> own = ThreadLocal.withInitial(() -> {
            if (variant.equals("updater-queue") || variant.equals("updater-shared")) {
                return shared;
            }
            ConditionalUpdater writer = build(
                    variant, client, table, "bench-" + Thread.currentThread().getId());
            writers.add(writer);
            return writer;
        });
        counter.reset();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        double seconds = ContendedRun.seconds(
                threads,
                updates,
                () -> timed(
                        latencies,
                        () -> own.get()
                                .update(key, item -> {
                                    item.put(
                                            "quantity",
                                            AttributeValue.fromN(Long.toString(Long.parseLong(
                                                            item.get("quantity").n())
                                                    - 1)));
                                    return item;
                                })
                                .isApplied()),
                GAVE_UP);
        long conflicts = writers.stream().mapToLong(w -> w.stats().conflicts()).sum();
        return new Result(
                variant + " (round " + round + ")", updates, counter.count(), conflicts, seconds, of(latencies));
    }

    private static Result enhanced(
            String variant,
            DynamoDbClient client,
            AwsClients tables,
            RequestCounter counter,
            int threads,
            int updates,
            int round)
            throws Exception {
        String table = freshTable(tables, "bench-enhanced");
        EnhancedClientWorkload workload =
                new EnhancedClientWorkload(client, table, variant.endsWith("-500") ? LONG : SHORT);
        workload.seed("hot", 1_000_000);
        counter.reset();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        double seconds = ContendedRun.seconds(
                threads, updates, () -> timed(latencies, () -> workload.decrement("hot")), GAVE_UP);
        return new Result(
                variant + " (round " + round + ")",
                updates,
                counter.count(),
                workload.conflicts.sum(),
                seconds,
                of(latencies));
    }

    private static boolean timed(ConcurrentLinkedQueue<Double> latencies, Callable<Boolean> update) throws Exception {
        long start = System.nanoTime();
        boolean applied = update.call();
        latencies.add((System.nanoTime() - start) / 1e6);
        return applied;
    }

    private static Percentiles of(ConcurrentLinkedQueue<Double> latencies) {
        return Percentiles.of(
                latencies.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
