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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The same contention workload through driftwatch's updater and through the Enhanced Client's
 * VersionedRecordExtension, in one run on one local endpoint: 8 threads decrement one hot item until
 * 2,000 decrements have applied. Prints updates/s and requests per successful update for both.
 *
 * <p>Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.driftwatch.bench.UpdaterContentionBenchmark [-Dexec.args="8 2000 3"]}
 * (threads, updates, rounds).
 */
public final class UpdaterContentionBenchmark {
    private static final RetryPolicy RETRY = new RetryPolicy(1000, Duration.ofMillis(1), Duration.ofMillis(20));
    private static final String GAVE_UP = "an update gave up after " + RETRY.maxAttempts() + " attempts";

    private record Result(String name, long updates, long requests, long conflicts, double seconds) {
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
                results.add(updater(client, tables, counter, threads, updates, round));
                results.add(enhanced(client, tables, counter, threads, updates, round));
            }
            System.out.printf(
                    "%n%-28s %10s %14s %14s %10s%n",
                    "workload", "updates/s", "requests/upd", "conflicts/upd", "seconds");
            for (Result r : results) {
                System.out.printf(
                        "%-28s %10.1f %14.2f %14.2f %10.1f%n",
                        r.name(),
                        r.perSecond(),
                        r.requestsPerUpdate(),
                        (double) r.conflicts() / r.updates(),
                        r.seconds());
            }
            double updaterRequests = mean(results, "updater", true);
            double enhancedRequests = mean(results, "enhanced", true);
            double updaterRate = mean(results, "updater", false);
            double enhancedRate = mean(results, "enhanced", false);
            System.out.printf(
                    "%nmean requests per update: updater %.2f, enhanced %.2f, ratio %.2f%n",
                    updaterRequests, enhancedRequests, updaterRequests / enhancedRequests);
            System.out.printf(
                    "mean updates per second:  updater %.1f, enhanced %.1f, ratio %.2f%n",
                    updaterRate, enhancedRate, updaterRate / enhancedRate);
            tables.close();
            client.close();
        } finally {
            moto.stop();
        }
    }

    private static double mean(List<Result> results, String prefix, boolean requests) {
        return results.stream()
                .filter(r -> r.name().startsWith(prefix))
                .mapToDouble(r -> requests ? r.requestsPerUpdate() : r.perSecond())
                .average()
                .orElse(Double.NaN);
    }

    private static String freshTable(AwsClients tables, String prefix) {
        String name = prefix + "-" + System.nanoTime();
        InventoryTable.create(tables.dynamoDb(), TableConfig.named(name));
        return name;
    }

    private static Result updater(
            DynamoDbClient client, AwsClients tables, RequestCounter counter, int threads, int updates, int round)
            throws Exception {
        String table = freshTable(tables, "bench-updater");
        ConditionalUpdater updater = ConditionalUpdater.builder()
                .client(client)
                .table(table)
                .partitionKey("sku")
                .writer("bench")
                .retry(RETRY)
                .build();
        Map<String, AttributeValue> key = Map.of("sku", AttributeValue.fromS("hot"));
        updater.update(key, item -> {
            item.put("quantity", AttributeValue.fromN("1000000"));
            return item;
        });
        long conflictsBefore = updater.stats().conflicts();
        counter.reset();
        double seconds = ContendedRun.seconds(
                threads,
                updates,
                () -> updater.update(key, item -> {
                            item.put(
                                    "quantity",
                                    AttributeValue.fromN(Long.toString(
                                            Long.parseLong(item.get("quantity").n()) - 1)));
                            return item;
                        })
                        .isApplied(),
                GAVE_UP);
        return new Result(
                "updater (round " + round + ")",
                updates,
                counter.count(),
                updater.stats().conflicts() - conflictsBefore,
                seconds);
    }

    private static Result enhanced(
            DynamoDbClient client, AwsClients tables, RequestCounter counter, int threads, int updates, int round)
            throws Exception {
        String table = freshTable(tables, "bench-enhanced");
        EnhancedClientWorkload workload = new EnhancedClientWorkload(client, table, RETRY);
        workload.seed("hot", 1_000_000);
        counter.reset();
        double seconds = ContendedRun.seconds(threads, updates, () -> workload.decrement("hot"), GAVE_UP);
        return new Result(
                "enhanced client (round " + round + ")", updates, counter.count(), workload.conflicts.sum(), seconds);
    }
}
