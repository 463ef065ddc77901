package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Reads findings back for the demo and tests: by item (Query on pk) or all of a watched table.
 * Results are newest first. Operators' filtered queries go through {@link FindingSearch}.
 */
public final class AuditQueries {
    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public AuditQueries(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** Every finding of one item of the watched table, whatever its rule. */
    public List<Finding> byItem(String watchedTable, String itemKey) {
        List<Finding> findings = new ArrayList<>();
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", AuditTable.PK))
                .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(FindingItems.partitionKey(watchedTable, itemKey))))
                .consistentRead(true)
                .build();
        dynamoDb.queryPaginator(request).items().forEach(item -> findings.add(FindingItems.fromItem(item)));
        findings.sort(NewestFirst.ORDER);
        return findings;
    }

    /** Every finding of a watched table (a scan: for small tables, demos and tests). */
    public List<Finding> all(String watchedTable) {
        List<Finding> findings = new ArrayList<>();
        ScanRequest request = ScanRequest.builder()
                .tableName(tableName)
                .filterExpression("#t = :t")
                .expressionAttributeNames(Map.of("#t", "table"))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(watchedTable)))
                .consistentRead(true)
                .build();
        dynamoDb.scanPaginator(request).items().forEach(item -> findings.add(FindingItems.fromItem(item)));
        findings.sort(NewestFirst.ORDER);
        return findings;
    }
}
