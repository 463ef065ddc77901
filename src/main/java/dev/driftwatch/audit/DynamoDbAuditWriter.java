package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes each finding once, conditionally ({@code attribute_not_exists(pk)}): a failed condition
 * means the finding was stored before, by a replay or another worker.
 *
 * <p>A batch of findings goes out in chunks of up to {@code perTransaction} findings (at most
 * DynamoDB's 100 actions and well under its 4 MB per request), each chunk one TransactWriteItems of
 * conditional puts; a chunk of one is a plain conditional PutItem. When a transaction is cancelled
 * because some findings were already stored, those are counted as present and the rest go again.
 * Transactions cut the requests per batch by up to a hundred (docs/BENCHMARKS.md, consumer
 * throughput); on AWS a transactional write costs two write units per item.
 *
 * <p>At most {@code maxInFlight} requests run at once. The bound matters: a batch of a thousand
 * violating records once sent a thousand puts at once, the endpoint could not answer them within
 * the SDK's attempt timeout, the retries stormed, and the KCL lease renewals queued behind them
 * timed out until the lease was lost.
 */
public final class DynamoDbAuditWriter implements AuditWriter {
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;
    public static final int MAX_PER_TRANSACTION = 100;
    private static final long MAX_TRANSACTION_BYTES = 3L * 1024 * 1024;
    private static final int MAX_CANCELLED_ROUNDS = 5;
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final int IMAGE_RECORDS_PER_BATCH = 25;
    private static final int MAX_IMAGE_ROUNDS = 8;
    private static final String CONDITION = "attribute_not_exists(#pk)";
    private static final Map<String, String> CONDITION_NAMES = Map.of("#pk", AuditTable.PK);

    private final DynamoDbAsyncClient dynamoDb;
    private final String tableName;
    private final FindingItems items;
    private final int maxInFlight;
    private final int perTransaction;

    public DynamoDbAuditWriter(DynamoDbAsyncClient dynamoDb, String tableName, FindingItems items) {
        this(dynamoDb, tableName, items, DEFAULT_MAX_IN_FLIGHT, MAX_PER_TRANSACTION);
    }

    /** {@code perTransaction} 1 writes every finding with its own PutItem. */
    public DynamoDbAuditWriter(
            DynamoDbAsyncClient dynamoDb, String tableName, FindingItems items, int maxInFlight, int perTransaction) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive, got: " + maxInFlight);
        }
        if (perTransaction < 1 || perTransaction > MAX_PER_TRANSACTION) {
            throw new IllegalArgumentException(
                    "perTransaction must be 1 to " + MAX_PER_TRANSACTION + ", got: " + perTransaction);
        }
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.items = items;
        this.maxInFlight = maxInFlight;
        this.perTransaction = perTransaction;
    }

    /** What one chunk stored, and how many of its findings were stored before. */
    private record ChunkResult(List<Finding> written, int alreadyPresent) {
        ChunkResult plusPresent(int more) {
            return new ChunkResult(written, alreadyPresent + more);
        }
    }

    /** One request's worth of findings with their items. */
    private record Chunk(List<Finding> findings, List<Map<String, AttributeValue>> items) {}

    @Override
    public WriteReport write(List<Finding> findings) {
        if (findings.isEmpty()) {
            return WriteReport.EMPTY;
        }
        Set<String> ids = new HashSet<>();
        int duplicates = 0;
        List<Chunk> chunks = new ArrayList<>();
        Chunk open = new Chunk(new ArrayList<>(), new ArrayList<>());
        long openBytes = 0;
        for (Finding finding : findings) {
            if (!ids.add(finding.id())) {
                duplicates++; // one transaction may not name an item twice; the first one stores it
                continue;
            }
            Map<String, AttributeValue> item = items.toItem(finding);
            long bytes = ItemSize.upperBound(item);
            if (!open.findings().isEmpty()
                    && (open.findings().size() == perTransaction || openBytes + bytes > MAX_TRANSACTION_BYTES)) {
                chunks.add(open);
                open = new Chunk(new ArrayList<>(), new ArrayList<>());
                openBytes = 0;
            }
            open.findings().add(finding);
            open.items().add(item);
            openBytes += bytes;
        }
        chunks.add(open);
        writeImages(findings);
        return collect(send(chunks), duplicates);
    }

    /**
     * The images of the batch's records, once per record, before any finding that names them: a finding is
     * never stored without its images. Plain puts of the same content, so a retry or a redelivery rewrites
     * them unchanged; rows left by a batch whose findings then failed expire with the retention.
     */
    private void writeImages(List<Finding> findings) {
        Map<String, Finding> byRecord = new LinkedHashMap<>();
        for (Finding finding : findings) {
            if (AuditImages.hasImages(finding)) {
                byRecord.putIfAbsent(AuditImages.partitionKey(finding), finding);
            }
        }
        List<Finding> records = new ArrayList<>(byRecord.values());
        Semaphore slots = new Semaphore(maxInFlight);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        List<List<Finding>> groups = new ArrayList<>();
        for (int from = 0; from < records.size(); from += IMAGE_RECORDS_PER_BATCH) {
            List<Finding> group = records.subList(from, Math.min(records.size(), from + IMAGE_RECORDS_PER_BATCH));
            groups.add(group);
            slots.acquireUninterruptibly();
            writes.add(writeImageGroup(group, false).whenComplete((r, e) -> slots.release()));
        }
        for (int i = 0; i < writes.size(); i++) {
            try {
                writes.get(i).join();
            } catch (CompletionException e) {
                Throwable cause = unwrap(e);
                if (!refused(cause)) {
                    throw new AuditWriteException(
                            "writing images to " + tableName + " failed: " + cause, cause, List.of());
                }
                // DynamoDB refused an inline image as invalid (its nesting, a number): the gzip form it takes.
                try {
                    writeImageGroup(groups.get(i), true).join();
                } catch (CompletionException again) {
                    Throwable stillRefused = unwrap(again);
                    throw new AuditWriteException(
                            "writing images to " + tableName + " failed: " + stillRefused, stillRefused, List.of());
                }
            }
        }
    }

    /** The image rows of a few records in BatchWriteItem requests of up to 25 rows, one after another. */
    private CompletableFuture<Void> writeImageGroup(List<Finding> records, boolean compressed) {
        List<WriteRequest> requests = new ArrayList<>();
        for (Finding finding : records) {
            for (Map<String, AttributeValue> row : items.imageRows(finding, compressed)) {
                requests.add(WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(row).build())
                        .build());
            }
        }
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < requests.size(); from += BATCH_WRITE_LIMIT) {
            List<WriteRequest> batch = requests.subList(from, Math.min(requests.size(), from + BATCH_WRITE_LIMIT));
            chain = chain.thenCompose(unused -> batchWrite(batch, 1));
        }
        return chain;
    }

    private CompletableFuture<Void> batchWrite(List<WriteRequest> requests, int round) {
        return dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(tableName, requests)))
                .thenCompose(response -> {
                    List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(tableName, List.of());
                    if (unprocessed.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    if (round >= MAX_IMAGE_ROUNDS) {
                        return CompletableFuture.failedFuture(new IllegalStateException(
                                unprocessed.size() + " image rows still unprocessed after " + round + " rounds"));
                    }
                    long delay = 50L << Math.min(round, 6);
                    return CompletableFuture.supplyAsync(
                                    () -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                            .thenCompose(unused -> batchWrite(unprocessed, round + 1));
                });
    }

    private List<CompletableFuture<ChunkResult>> send(List<Chunk> chunks) {
        Semaphore slots = new Semaphore(maxInFlight);
        List<CompletableFuture<ChunkResult>> results = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.add(CompletableFuture.failedFuture(e));
                break;
            }
            CompletableFuture<ChunkResult> result = chunk.findings().size() == 1
                    ? putOne(chunk.findings().get(0), chunk.items().get(0))
                    : transact(chunk, 1);
            results.add(result.whenComplete((r, e) -> slots.release()));
        }
        return results;
    }

    private WriteReport collect(List<CompletableFuture<ChunkResult>> results, int duplicates) {
        List<Finding> written = new ArrayList<>();
        int alreadyPresent = duplicates;
        Throwable failure = null;
        for (CompletableFuture<ChunkResult> result : results) {
            try {
                ChunkResult chunk = result.join();
                written.addAll(chunk.written());
                alreadyPresent += chunk.alreadyPresent();
            } catch (CompletionException e) {
                failure = failure == null ? unwrap(e) : failure;
            }
        }
        if (failure != null) {
            throw new AuditWriteException("writing findings to " + tableName + " failed: " + failure, failure, written);
        }
        return new WriteReport(written, alreadyPresent);
    }

    private CompletableFuture<ChunkResult> putOne(Finding finding, Map<String, AttributeValue> item) {
        PutItemRequest request = PutItemRequest.builder()
                .tableName(tableName)
                .item(item)
                .conditionExpression(CONDITION)
                .expressionAttributeNames(CONDITION_NAMES)
                .build();
        return dynamoDb.putItem(request)
                .handle((response, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(new ChunkResult(List.of(finding), 0));
                    }
                    Throwable cause = unwrap(error);
                    if (cause instanceof ConditionalCheckFailedException) {
                        return CompletableFuture.completedFuture(new ChunkResult(List.of(), 1));
                    }
                    if (refused(cause) && !finding.message().startsWith(UNSTORABLE)) {
                        // Retrying what DynamoDB refuses as invalid would stall the shard for good: store what can be.
                        Finding substitute = substitute(finding, cause);
                        return putOne(substitute, items.toItem(substitute));
                    }
                    return CompletableFuture.<ChunkResult>failedFuture(cause);
                })
                .thenCompose(result -> result);
    }

    /** How the message of a finding stored in place of one DynamoDB refused as invalid begins. */
    public static final String UNSTORABLE = "not stored as found: ";

    private static boolean refused(Throwable cause) {
        return cause instanceof DynamoDbException dynamo
                && dynamo.awsErrorDetails() != null
                && "ValidationException".equals(dynamo.awsErrorDetails().errorCode());
    }

    private static Finding substitute(Finding finding, Throwable cause) {
        String reason = String.valueOf(cause.getMessage());
        // Same id, rule and keys (so its alert and its place are the finding's own); only what can be
        // large goes: images, stamps, most of the message.
        String message = finding.message();
        return finding.toBuilder()
                .message(UNSTORABLE + (reason.length() > 300 ? reason.substring(0, 300) + "…" : reason)
                        + "; message was: " + (message.length() > 1000 ? message.substring(0, 1000) + "…" : message))
                .oldImage(Map.of())
                .newImage(Map.of())
                .writer(java.util.Optional.empty())
                .writeId(java.util.Optional.empty())
                .build();
    }

    /**
     * One TransactWriteItems of conditional puts. The SDK fills in a ClientRequestToken and keeps it
     * across its own retries, so a retry after a lost response does not report stored findings as
     * already present.
     */
    private CompletableFuture<ChunkResult> transact(Chunk chunk, int round) {
        List<TransactWriteItem> puts = new ArrayList<>(chunk.items().size());
        for (Map<String, AttributeValue> item : chunk.items()) {
            puts.add(TransactWriteItem.builder()
                    .put(Put.builder()
                            .tableName(tableName)
                            .item(item)
                            .conditionExpression(CONDITION)
                            .expressionAttributeNames(CONDITION_NAMES)
                            .build())
                    .build());
        }
        return dynamoDb.transactWriteItems(b -> b.transactItems(puts))
                .handle((response, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(new ChunkResult(List.copyOf(chunk.findings()), 0));
                    }
                    Throwable cause = unwrap(error);
                    if (refused(cause)) {
                        return one(chunk); // one invalid finding fails the transaction: store the rest alone
                    }
                    if (!(cause instanceof TransactionCanceledException) || round >= MAX_CANCELLED_ROUNDS) {
                        return CompletableFuture.<ChunkResult>failedFuture(cause);
                    }
                    TransactionCanceledException cancelled = (TransactionCanceledException) cause;
                    if (!cancelled.hasCancellationReasons()
                            || cancelled.cancellationReasons().size()
                                    != chunk.findings().size()) {
                        return CompletableFuture.<ChunkResult>failedFuture(cause);
                    }
                    return retryWithoutPresent(chunk, cancelled.cancellationReasons(), round);
                })
                .thenCompose(future -> future);
    }

    /** Every finding of the chunk with its own put, one after another (it is rare), results summed. */
    private CompletableFuture<ChunkResult> one(Chunk chunk) {
        CompletableFuture<ChunkResult> all = CompletableFuture.completedFuture(new ChunkResult(List.of(), 0));
        for (int i = 0; i < chunk.findings().size(); i++) {
            Finding finding = chunk.findings().get(i);
            Map<String, AttributeValue> item = chunk.items().get(i);
            all = all.thenCompose(done -> putOne(finding, item).thenApply(next -> {
                List<Finding> written = new ArrayList<>(done.written());
                written.addAll(next.written());
                return new ChunkResult(written, done.alreadyPresent() + next.alreadyPresent());
            }));
        }
        return all;
    }

    /** Findings whose condition failed are stored already; the others were only rolled back with them. */
    private CompletableFuture<ChunkResult> retryWithoutPresent(
            Chunk chunk, List<CancellationReason> reasons, int round) {
        Chunk remaining = new Chunk(new ArrayList<>(), new ArrayList<>());
        int present = 0;
        for (int i = 0; i < reasons.size(); i++) {
            if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                present++;
            } else {
                remaining.findings().add(chunk.findings().get(i));
                remaining.items().add(chunk.items().get(i));
            }
        }
        int alreadyPresent = present;
        if (remaining.findings().isEmpty()) {
            return CompletableFuture.completedFuture(new ChunkResult(List.of(), alreadyPresent));
        }
        CompletableFuture<ChunkResult> rest = remaining.findings().size() == 1
                ? putOne(remaining.findings().get(0), remaining.items().get(0))
                : transact(remaining, round + 1);
        return rest.thenApply(result -> result.plusPresent(alreadyPresent));
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
