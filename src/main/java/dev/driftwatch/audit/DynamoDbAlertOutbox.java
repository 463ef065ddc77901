package dev.driftwatch.audit;

import dev.driftwatch.alert.AlertOutbox;
import dev.driftwatch.alert.PendingAlert;
import dev.driftwatch.finding.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The alert outbox in the audit table: a pending finding carries {@code alertState=PENDING},
 * {@code alertPending=<watched table>} (the sparse {@code pending-alerts} index) and
 * {@code alertQueuedAt}; {@code alertSentTo} is the set of sinks that have it. Once every sink has
 * it, {@code alertState=SENT} and the index attributes are removed.
 */
public final class DynamoDbAlertOutbox implements AlertOutbox {
    private final DynamoDbAsyncClient dynamoDb;
    private final String tableName;

    public DynamoDbAlertOutbox(DynamoDbAsyncClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public List<PendingAlert> pending(String watchedTable, Instant queuedBefore, int limit) {
        // Each key's oldest first, then merged by the time each was queued: the oldest `limit` of them all.
        List<Queued> pending = new ArrayList<>();
        for (String key : AuditTable.indexKeys(watchedTable)) {
            pending.addAll(pendingOn(key, queuedBefore, limit));
        }
        pending.sort(java.util.Comparator.comparing(Queued::queuedAt)
                .thenComparing(queued -> queued.alert().finding().id()));
        return pending.stream().limit(limit).map(Queued::alert).toList();
    }

    /** A pending alert and when it was queued (the outbox index's sort key). */
    private record Queued(String queuedAt, PendingAlert alert) {}

    private List<Queued> pendingOn(String key, Instant queuedBefore, int limit) {
        List<Queued> pending = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(AuditTable.PENDING_ALERTS_INDEX)
                    .keyConditionExpression("#p = :table AND #q < :before")
                    .expressionAttributeNames(Map.of("#p", AuditTable.ALERT_PENDING, "#q", AuditTable.ALERT_QUEUED_AT))
                    .expressionAttributeValues(Map.of(
                            ":table", AttributeValue.fromS(key),
                            ":before", AttributeValue.fromS(FindingItems.time(queuedBefore))))
                    .limit(Math.min(limit - pending.size(), 1000));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = join(() -> dynamoDb.query(request.build()).join());
            for (Map<String, AttributeValue> item : page.items()) {
                String queuedAt = item.containsKey(AuditTable.ALERT_QUEUED_AT)
                        ? item.get(AuditTable.ALERT_QUEUED_AT).s()
                        : "";
                pending.add(new Queued(queuedAt, new PendingAlert(FindingItems.fromItem(item), sentTo(item))));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && pending.size() < limit);
        return pending;
    }

    @Override
    public Optional<Set<String>> claim(Finding finding, String owner, Instant until, Instant now) {
        try {
            var response = dynamoDb.updateItem(b -> b.tableName(tableName)
                            .key(FindingItems.key(finding))
                            .updateExpression("SET #co = :owner, #cu = :until")
                            .conditionExpression(
                                    "attribute_exists(#p) AND (attribute_not_exists(#cu) OR #cu < :now OR #co = :owner)")
                            .expressionAttributeNames(Map.of(
                                    "#p", AuditTable.ALERT_PENDING,
                                    "#co", AuditTable.ALERT_CLAIM_OWNER,
                                    "#cu", AuditTable.ALERT_CLAIM_UNTIL))
                            .expressionAttributeValues(Map.of(
                                    ":owner", AttributeValue.fromS(owner),
                                    ":until", AttributeValue.fromS(FindingItems.time(until)),
                                    ":now", AttributeValue.fromS(FindingItems.time(now))))
                            .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW))
                    .join();
            return Optional.of(sentTo(response.attributes()));
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause()
                    instanceof software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void release(Finding finding, String owner) {
        try {
            dynamoDb.updateItem(b -> b.tableName(tableName)
                            .key(FindingItems.key(finding))
                            .updateExpression("REMOVE #co, #cu")
                            .conditionExpression("#co = :owner")
                            .expressionAttributeNames(
                                    Map.of("#co", AuditTable.ALERT_CLAIM_OWNER, "#cu", AuditTable.ALERT_CLAIM_UNTIL))
                            .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner))))
                    .join();
        } catch (java.util.concurrent.CompletionException e) {
            if (!(e.getCause()
                    instanceof software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException)) {
                throw e;
            } // no longer ours: nothing to give up
        }
    }

    @Override
    public Optional<PendingAlert> reread(Finding finding) {
        Map<String, AttributeValue> item = join(() -> dynamoDb.getItem(b -> b.tableName(tableName)
                                .key(FindingItems.key(finding))
                                .consistentRead(true)
                                .projectionExpression("#p, #s")
                                .expressionAttributeNames(
                                        Map.of("#p", AuditTable.ALERT_PENDING, "#s", AuditTable.ALERT_SENT_TO)))
                        .join())
                .item();
        if (item == null || !item.containsKey(AuditTable.ALERT_PENDING)) {
            return Optional.empty();
        }
        return Optional.of(new PendingAlert(finding, sentTo(item)));
    }

    @Override
    public void markSent(Finding finding, Set<String> sinks, boolean complete) {
        List<String> clauses = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#pk", AuditTable.PK);
        if (!sinks.isEmpty()) {
            clauses.add("ADD #sent :sinks");
            names.put("#sent", AuditTable.ALERT_SENT_TO);
            values.put(":sinks", AttributeValue.fromSs(List.copyOf(sinks)));
        }
        if (complete) {
            clauses.add("SET #state = :sent REMOVE #p, #q");
            names.put("#state", AuditTable.ALERT_STATE);
            names.put("#p", AuditTable.ALERT_PENDING);
            names.put("#q", AuditTable.ALERT_QUEUED_AT);
            values.put(":sent", AttributeValue.fromS(AuditTable.SENT));
        }
        if (clauses.isEmpty()) {
            return;
        }
        update(finding, String.join(" ", clauses), names, values);
    }

    @Override
    public void markPending(Finding finding, Instant now) {
        update(
                finding,
                "SET #state = :pending, #p = :table, #q = :now REMOVE #sent, #co, #cu",
                Map.of(
                        "#pk",
                        AuditTable.PK,
                        "#state",
                        AuditTable.ALERT_STATE,
                        "#p",
                        AuditTable.ALERT_PENDING,
                        "#q",
                        AuditTable.ALERT_QUEUED_AT,
                        "#sent",
                        AuditTable.ALERT_SENT_TO,
                        "#co",
                        AuditTable.ALERT_CLAIM_OWNER,
                        "#cu",
                        AuditTable.ALERT_CLAIM_UNTIL),
                Map.of(
                        ":pending",
                        AttributeValue.fromS(AuditTable.PENDING),
                        ":table",
                        AttributeValue.fromS(FindingItems.pendingKey(finding)),
                        ":now",
                        AttributeValue.fromS(FindingItems.time(now))));
    }

    private void update(
            Finding finding, String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        try {
            join(() -> dynamoDb.updateItem(b -> {
                        b.tableName(tableName)
                                .key(FindingItems.key(finding))
                                .updateExpression(expression)
                                .conditionExpression("attribute_exists(#pk)")
                                .expressionAttributeNames(names);
                        if (!values.isEmpty()) {
                            b.expressionAttributeValues(values);
                        }
                    })
                    .join());
        } catch (ConditionalCheckFailedException e) {
            // The finding expired (TTL) meanwhile: nothing is left to mark.
        }
    }

    /** The sinks an audit row's alert was sent to. */
    static Set<String> sentTo(Map<String, AttributeValue> item) {
        AttributeValue sent = item.get(AuditTable.ALERT_SENT_TO);
        return sent == null || !sent.hasSs() ? Set.of() : Set.copyOf(sent.ss());
    }

    /** The async client's failures, unwrapped to the SDK exception they carry. */
    private static <T> T join(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
