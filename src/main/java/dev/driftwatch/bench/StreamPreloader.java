package dev.driftwatch.bench;

import dev.driftwatch.config.TableConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Fills a fresh table's stream with N insert records, 25 per BatchWriteItem, reporting progress. */
final class StreamPreloader {
    private static final int BATCH = 25;

    private StreamPreloader() {}

    static void preload(
            DynamoDbClient dynamoDb, TableConfig table, long records, int violatingPercent, Consumer<String> progress)
            throws InterruptedException {
        preload(dynamoDb, table, records, records, violatingPercent, progress);
    }

    /**
     * The same over {@code items} distinct items: record i writes item {@code i mod items}, so every record past
     * the first {@code items} is a MODIFY (at least 25 items: a batch never names one item twice).
     */
    static void preload(
            DynamoDbClient dynamoDb,
            TableConfig table,
            long records,
            long items,
            int violatingPercent,
            Consumer<String> progress)
            throws InterruptedException {
        long lastReport = System.nanoTime();
        List<WriteRequest> batch = new ArrayList<>(BATCH);
        for (long i = 0; i < records; i++) {
            var item = BenchItems.item(
                    table, String.format("item-%08d", i % items), BenchItems.violates(i, violatingPercent), i / items);
            batch.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(item).build())
                    .build());
            if (batch.size() == BATCH || i == records - 1) {
                writeAll(dynamoDb, table.name(), batch);
                batch = new ArrayList<>(BATCH);
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                progress.accept(String.format("preload: %,d/%,d records", i + 1, records));
                lastReport = System.nanoTime();
            }
        }
        progress.accept(
                String.format("preload: %,d records (%d %% violating) in %s", records, violatingPercent, table.name()));
    }

    private static void writeAll(DynamoDbClient dynamoDb, String tableName, List<WriteRequest> batch)
            throws InterruptedException {
        Map<String, List<WriteRequest>> pending = Map.of(tableName, batch);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                Thread.sleep(Math.min(1000, 50L << Math.min(attempt, 5)));
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(b -> b.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }
}
