package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.FindingFields;
import dev.driftwatch.finding.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Answers a {@link FindingQuery} from the audit table's keys, never by a scan: with an item, one
 * Query on its partition; otherwise one Query of the {@code by-rule} index per rule, day and index shard
 * (and the unsharded key of rows written before the sharding), newest day first, merged newest first.
 * Results are produced lazily, a page at a time.
 */
public final class FindingSearch {
    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Function<String, Optional<String>> legacyItemKey;

    public FindingSearch(DynamoDbClient dynamoDb, String tableName) {
        this(dynamoDb, tableName, itemKey -> Optional.empty());
    }

    /**
     * @param legacyItemKey another rendering an item's findings may be stored under (a composite key
     *     rendered before keys were escaped), read beside the current one
     */
    public FindingSearch(DynamoDbClient dynamoDb, String tableName, Function<String, Optional<String>> legacyItemKey) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.legacyItemKey = legacyItemKey;
    }

    /** Matching findings, newest first by detectedAt (ties by id, descending). */
    public Iterator<Finding> find(FindingQuery query) {
        if (query.itemKey().isPresent()) {
            return itemFindings(query).iterator();
        }
        List<Iterator<Finding>> sources = new ArrayList<>();
        for (String rule : query.ruleIds()) {
            for (int shard = 0; shard <= AuditTable.INDEX_SHARDS; shard++) {
                sources.add(new RuleDays(query, rule, shard));
            }
        }
        return new NewestFirst(sources);
    }

    /** How many findings match, per rule, in the query's rule order; rules with none are left out. */
    public Map<String, Long> countByRule(FindingQuery query) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (query.itemKey().isPresent()) {
            for (Finding finding : itemFindings(query)) {
                counts.merge(finding.ruleId(), 1L, Long::sum);
            }
            return counts;
        }
        for (String rule : query.ruleIds()) {
            long count = 0;
            for (LocalDate day : days(query)) {
                for (int shard = 0; shard <= AuditTable.INDEX_SHARDS; shard++) {
                    QueryRequest request = ruleDayRequest(query, rule, day, shard).toBuilder()
                            .select(Select.COUNT)
                            .build();
                    count += dynamoDb.queryPaginator(request).stream()
                            .mapToLong(page -> page.count())
                            .sum();
                }
            }
            if (count > 0) {
                counts.put(rule, count);
            }
        }
        return counts;
    }

    /**
     * The finding {@code id} of one item, with its alert state, read from the item's partition (the
     * current rendering of its key, then the legacy one); empty when no such finding is stored.
     */
    public Optional<StoredFinding> byId(String watchedTable, String itemKey, String id) {
        List<String> renderings = new ArrayList<>(List.of(itemKey));
        legacyItemKey.apply(itemKey).ifPresent(renderings::add);
        for (String rendering : renderings) {
            QueryRequest request = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk")
                    .filterExpression("#id = :id")
                    .expressionAttributeNames(Map.of("#pk", AuditTable.PK, "#id", FindingFields.ID))
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(FindingItems.partitionKey(watchedTable, rendering)),
                            ":id", AttributeValue.fromS(id)))
                    .consistentRead(true)
                    .build();
            Optional<Map<String, AttributeValue>> row =
                    dynamoDb.queryPaginator(request).items().stream().findFirst();
            if (row.isPresent()) {
                Map<String, AttributeValue> item = row.get();
                return Optional.of(new StoredFinding(
                        FindingItems.fromItem(item),
                        Optional.ofNullable(item.get(AuditTable.ALERT_STATE)).map(AttributeValue::s),
                        DynamoDbAlertOutbox.sentTo(item)));
            }
        }
        return Optional.empty();
    }

    /**
     * Every matching finding's {@link FindingSummary}, in no particular order: the same queries as
     * {@link #find} (one per rule, day and index key, or the item's partition), each asking only for the
     * five attributes an overview counts. The number of requests grows with rules and days; a key's
     * findings beyond the 1 MB a Query reads at once take one more request per megabyte.
     */
    public void summaries(FindingQuery query, Consumer<FindingSummary> sink) {
        if (query.itemKey().isPresent()) {
            for (Finding finding : itemFindings(query)) {
                sink.accept(new FindingSummary(
                        finding.ruleId(),
                        finding.findingClass(),
                        finding.severity(),
                        finding.itemKey(),
                        finding.detectedAt()));
            }
            return;
        }
        for (String rule : query.ruleIds()) {
            for (LocalDate day : days(query)) {
                for (int shard = 0; shard <= AuditTable.INDEX_SHARDS; shard++) {
                    QueryRequest request = ruleDayRequest(query, rule, day, shard);
                    Map<String, String> names = new HashMap<>(request.expressionAttributeNames());
                    names.put("#sr", FindingFields.RULE);
                    names.put("#sc", FindingFields.CLASS);
                    names.put("#ss", FindingFields.SEVERITY);
                    names.put("#sk", FindingFields.ITEM_KEY);
                    QueryRequest projected = request.toBuilder()
                            .projectionExpression("#sr, #sc, #ss, #sk, #at")
                            .expressionAttributeNames(names)
                            .build();
                    dynamoDb.queryPaginator(projected)
                            .items()
                            .forEach(item -> sink.accept(new FindingSummary(
                                    item.get(FindingFields.RULE).s(),
                                    FindingClass.valueOf(
                                            item.get(FindingFields.CLASS).s()),
                                    Severity.valueOf(
                                            item.get(FindingFields.SEVERITY).s()),
                                    item.get(FindingFields.ITEM_KEY).s(),
                                    Instant.parse(
                                            item.get(AuditTable.DETECTED_AT).s()))));
                }
            }
        }
    }

    private List<Finding> itemFindings(FindingQuery query) {
        Filters filters = new Filters();
        filters.add("#at BETWEEN :since AND :until", "#at", AuditTable.DETECTED_AT);
        filters.value(":since", FindingItems.time(query.since()));
        filters.value(":until", FindingItems.time(query.until()));
        filters.in("#rule", "rule", ":rule", query.ruleIds());
        common(filters, query);
        Map<String, String> names = new HashMap<>(filters.names);
        names.put("#pk", AuditTable.PK);
        String itemKey = query.itemKey().orElseThrow();
        List<Finding> findings = new ArrayList<>();
        List<String> renderings = new ArrayList<>(List.of(itemKey));
        legacyItemKey.apply(itemKey).ifPresent(renderings::add);
        for (String rendering : renderings) {
            Map<String, AttributeValue> values = new HashMap<>(filters.values);
            values.put(":pk", AttributeValue.fromS(FindingItems.partitionKey(query.watchedTable(), rendering)));
            QueryRequest request = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk")
                    .filterExpression(filters.expression())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .consistentRead(true)
                    .build();
            dynamoDb.queryPaginator(request).items().forEach(item -> findings.add(FindingItems.fromItem(item)));
        }
        findings.sort(NewestFirst.ORDER);
        return findings;
    }

    /** One key of a rule's day: shard 0 to {@code INDEX_SHARDS - 1}, or {@code INDEX_SHARDS} for the unsharded key. */
    private QueryRequest ruleDayRequest(FindingQuery query, String rule, LocalDate day, int shard) {
        Filters filters = new Filters();
        filters.add("#table = :table", "#table", "table");
        filters.value(":table", query.watchedTable());
        common(filters, query);
        Map<String, String> names = new HashMap<>(filters.names);
        names.put("#rd", AuditTable.RULE_DAY);
        names.put("#at", AuditTable.DETECTED_AT);
        Map<String, AttributeValue> values = new HashMap<>(filters.values);
        values.put(
                ":rd",
                AttributeValue.fromS(AuditTable.indexKeys(FindingItems.ruleDayBase(rule, day.toString()))
                        .get(shard)));
        values.put(":since", AttributeValue.fromS(FindingItems.time(query.since())));
        values.put(":until", AttributeValue.fromS(FindingItems.time(query.until())));
        return QueryRequest.builder()
                .tableName(tableName)
                .indexName(AuditTable.BY_RULE_INDEX)
                .keyConditionExpression("#rd = :rd AND #at BETWEEN :since AND :until")
                .filterExpression(filters.expression())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .build();
    }

    private static void common(Filters filters, FindingQuery query) {
        query.findingClass().ifPresent(c -> {
            filters.add("#class = :class", "#class", "class");
            filters.value(":class", c.name());
        });
        query.minSeverity().ifPresent(min -> {
            List<String> levels = new ArrayList<>();
            for (Severity severity : Severity.values()) {
                if (severity.atLeast(min)) {
                    levels.add(severity.name());
                }
            }
            filters.in("#severity", "severity", ":severity", levels);
        });
    }

    /** Newest day first. */
    private static List<LocalDate> days(FindingQuery query) {
        List<LocalDate> days = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(query.since(), ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(query.until(), ZoneOffset.UTC);
                !day.isBefore(first);
                day = day.minusDays(1)) {
            days.add(day);
        }
        return days;
    }

    /** One rule's findings over the query's days, newest first, fetching a page only when needed. */
    private final class RuleDays implements Iterator<Finding> {
        private final FindingQuery query;
        private final String rule;
        private final int shard;
        private final Iterator<LocalDate> days;
        private Iterator<Map<String, AttributeValue>> page = Collections.emptyIterator();

        RuleDays(FindingQuery query, String rule, int shard) {
            this.query = query;
            this.rule = rule;
            this.shard = shard;
            this.days = days(query).iterator();
        }

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && days.hasNext()) {
                page = dynamoDb.queryPaginator(ruleDayRequest(query, rule, days.next(), shard))
                        .items()
                        .iterator();
            }
            return page.hasNext();
        }

        @Override
        public Finding next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return FindingItems.fromItem(page.next());
        }
    }

    /** A FilterExpression built from parts joined by AND, with its names and values. */
    private static final class Filters {
        private final List<String> parts = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();

        void add(String part, String placeholder, String attribute) {
            parts.add(part);
            names.put(placeholder, attribute);
        }

        void value(String placeholder, String value) {
            values.put(placeholder, AttributeValue.fromS(value));
        }

        void in(String placeholder, String attribute, String valuePrefix, List<String> choices) {
            List<String> placeholders = new ArrayList<>();
            for (int i = 0; i < choices.size(); i++) {
                placeholders.add(valuePrefix + i);
                value(valuePrefix + i, choices.get(i));
            }
            add(placeholder + " IN (" + String.join(", ", placeholders) + ")", placeholder, attribute);
        }

        String expression() {
            return String.join(" AND ", parts);
        }
    }
}
