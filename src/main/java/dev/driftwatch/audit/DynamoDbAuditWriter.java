package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Writes findings with one conditional PutItem each ({@code attribute_not_exists(pk)}), at most
 * {@code maxInFlight} at a time. A failed condition means the finding was stored before: a replay.
 *
 * <p>The bound matters: a batch of a thousand violating records once sent a thousand puts at once,
 * the endpoint could not answer them within the SDK's attempt timeout, the retries stormed, and the
 * KCL lease renewals queued behind them timed out until the lease was lost.
 */
public final class DynamoDbAuditWriter implements AuditWriter {
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;

    private final DynamoDbAsyncClient dynamoDb;
    private final String tableName;
    private final FindingItems items;
    private final int maxInFlight;

    public DynamoDbAuditWriter(DynamoDbAsyncClient dynamoDb, String tableName, FindingItems items) {
        this(dynamoDb, tableName, items, DEFAULT_MAX_IN_FLIGHT);
    }

    public DynamoDbAuditWriter(DynamoDbAsyncClient dynamoDb, String tableName, FindingItems items, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive, got: " + maxInFlight);
        }
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.items = items;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public WriteReport write(List<Finding> findings) {
        if (findings.isEmpty()) {
            return WriteReport.EMPTY;
        }
        List<CompletableFuture<Boolean>> puts = new ArrayList<>(findings.size());
        Semaphore slots = new Semaphore(maxInFlight);
        for (Finding finding : findings) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditWriteException("interrupted while writing findings to " + tableName, e);
            }
            PutItemRequest request = PutItemRequest.builder()
                    .tableName(tableName)
                    .item(items.toItem(finding))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", AuditTable.PK))
                    .build();
            puts.add(dynamoDb.putItem(request).handle((response, error) -> {
                slots.release();
                if (error == null) {
                    return Boolean.TRUE;
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof ConditionalCheckFailedException) {
                    return Boolean.FALSE;
                }
                throw new CompletionException(cause);
            }));
        }
        List<Finding> written = new ArrayList<>();
        int alreadyPresent = 0;
        String failure = null;
        Throwable cause = null;
        for (int i = 0; i < puts.size(); i++) {
            try {
                if (puts.get(i).join()) {
                    written.add(findings.get(i));
                } else {
                    alreadyPresent++;
                }
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = "writing finding " + findings.get(i).id() + " to " + tableName + " failed: " + e.getCause();
                    cause = e.getCause();
                }
            }
        }
        if (failure != null) {
            throw new AuditWriteException(failure, cause, written);
        }
        return new WriteReport(written, alreadyPresent);
    }
}
