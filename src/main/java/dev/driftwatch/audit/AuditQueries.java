package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Reads findings back: by item (Query on pk), by rule and day (Query on the by-rule index), or all
 * of a watched table. Results are newest first.
 */
public final class AuditQueries {
    private static final Comparator<Finding> NEWEST_FIRST =
            Comparator.comparing(Finding::detectedAt).thenComparing(Finding::id).reversed();

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
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(FindingItems.partitionKey(watchedTable, itemKey))))
                .consistentRead(true)
                .build();
        dynamoDb.queryPaginator(request).items().forEach(item -> findings.add(FindingItems.fromItem(item)));
        findings.sort(NEWEST_FIRST);
        return findings;
    }

    /** Findings of one rule detected since a moment, one index query per day. */
    public List<Finding> byRule(String ruleId, Instant since, Instant until) {
        List<Finding> findings = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(since, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(until, ZoneOffset.UTC);
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            QueryRequest request = QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(AuditTable.BY_RULE_INDEX)
                    .keyConditionExpression("#rd = :rd AND #at BETWEEN :since AND :until")
                    .expressionAttributeNames(Map.of("#rd", AuditTable.RULE_DAY, "#at", AuditTable.DETECTED_AT))
                    .expressionAttributeValues(Map.of(
                            ":rd", AttributeValue.fromS(ruleId + "#" + day),
                            ":since", AttributeValue.fromS(FindingItems.time(since)),
                            ":until", AttributeValue.fromS(FindingItems.time(until))))
                    .build();
            dynamoDb.queryPaginator(request).items().forEach(item -> findings.add(FindingItems.fromItem(item)));
        }
        findings.sort(NEWEST_FIRST);
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
        findings.sort(NEWEST_FIRST);
        return findings;
    }
}
