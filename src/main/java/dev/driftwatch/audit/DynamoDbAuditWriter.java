package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Writes findings with one conditional PutItem each ({@code attribute_not_exists(pk)}), all of a
 * batch in flight at once. A failed condition means the finding was stored before: a replay.
 */
public final class DynamoDbAuditWriter implements AuditWriter {
    private final DynamoDbAsyncClient dynamoDb;
    private final String tableName;
    private final FindingItems items;

    public DynamoDbAuditWriter(DynamoDbAsyncClient dynamoDb, String tableName, FindingItems items) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.items = items;
    }

    @Override
    public WriteReport write(List<Finding> findings) {
        if (findings.isEmpty()) {
            return WriteReport.EMPTY;
        }
        List<CompletableFuture<Boolean>> puts = new ArrayList<>(findings.size());
        for (Finding finding : findings) {
            PutItemRequest request = PutItemRequest.builder()
                    .tableName(tableName)
                    .item(items.toItem(finding))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", AuditTable.PK))
                    .build();
            puts.add(dynamoDb.putItem(request).handle((response, error) -> {
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
        RuntimeException failure = null;
        for (int i = 0; i < puts.size(); i++) {
            try {
                if (puts.get(i).join()) {
                    written.add(findings.get(i));
                } else {
                    alreadyPresent++;
                }
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = new AuditWriteException(
                            "writing finding " + findings.get(i).id() + " to " + tableName + " failed: " + e.getCause(), e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new WriteReport(written, alreadyPresent);
    }
}
