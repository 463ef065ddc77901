package dev.driftwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** Every filter of the findings query, by value, over 300 seeded findings; and never a scan. */
class FindingSearchIT {
    private static final List<String> RULES =
            List.of("conservation", "negative-stock", "version-skipped", "undecodable-record");
    private static final List<String> OPERATIONS = new ArrayList<>();
    private static String table;
    private static SeededFindings seeded;
    private static FindingSearch search;

    @BeforeAll
    static void seed() {
        AwsClients shared = TestEndpoint.clients();
        table = TestEndpoint.freshAuditTable();
        seeded = SeededFindings.store(shared.dynamoDbAsync(), table, 300);
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                OPERATIONS.add(context.request().getClass().getSimpleName());
                assertTrue(!(context.request() instanceof ScanRequest), "a finding query scanned the table");
            }
        };
        AwsClients counted = new AwsClients(Optional.of(TestEndpoint.url()), Region.US_EAST_1, List.of(recorder));
        search = new FindingSearch(counted.dynamoDb(), table);
    }

    private static FindingQuery query(Instant since, Instant until) {
        return new FindingQuery(
                SeededFindings.WATCHED, Optional.empty(), RULES, Optional.empty(), Optional.empty(), since, until);
    }

    private static final Instant EVERYTHING_SINCE = SeededFindings.NEWEST.minus(Duration.ofDays(3));

    private static List<String> expected(Predicate<Finding> filter) {
        return seeded.all().stream()
                .filter(f -> f.table().equals(SeededFindings.WATCHED))
                .filter(filter)
                .sorted(NewestFirst.ORDER)
                .map(Finding::id)
                .toList();
    }

    private static List<String> ids(FindingQuery query) {
        List<String> ids = new ArrayList<>();
        search.find(query).forEachRemaining(f -> ids.add(f.id()));
        return ids;
    }

    /**
     * Issue 21 item 7: a finding stored before the by-rule key was sharded (bare {@code <rule>#<day>}) is found
     * beside the sharded ones, in order.
     */
    @Test
    void find_rowsWrittenBeforeTheSharding_foundBesideTheSharded() {
        AwsClients shared = TestEndpoint.clients();
        String fresh = TestEndpoint.freshAuditTable();
        SeededFindings few = SeededFindings.store(shared.dynamoDbAsync(), fresh, 12);
        Finding legacy = few.all().stream()
                .filter(f -> f.table().equals(SeededFindings.WATCHED))
                .findFirst()
                .orElseThrow();
        shared.dynamoDb()
                .updateItem(b -> b.tableName(fresh)
                        .key(FindingItems.key(legacy))
                        .updateExpression("SET ruleDay = :legacy")
                        .expressionAttributeValues(Map.of(
                                ":legacy",
                                AttributeValue.fromS(FindingItems.ruleDayBase(
                                        legacy.ruleId(),
                                        legacy.detectedAt()
                                                .atZone(java.time.ZoneOffset.UTC)
                                                .toLocalDate()
                                                .toString())))));
        List<String> found = new ArrayList<>();
        new FindingSearch(shared.dynamoDb(), fresh)
                .find(query(EVERYTHING_SINCE, SeededFindings.NEWEST))
                .forEachRemaining(f -> found.add(f.id()));

        assertEquals(
                few.all().stream()
                        .filter(f -> f.table().equals(SeededFindings.WATCHED))
                        .sorted(NewestFirst.ORDER)
                        .map(Finding::id)
                        .toList(),
                found);
        assertTrue(found.contains(legacy.id()));
    }

    @Test
    void find_wholeWindowAllRules_everyFindingOfTheTableNewestFirst() {
        List<String> found = ids(query(EVERYTHING_SINCE, SeededFindings.NEWEST));
        assertEquals(270, found.size());
        assertEquals(expected(f -> true), found);
        assertTrue(OPERATIONS.contains("QueryRequest"));
    }

    @Test
    void find_timeRangeAcrossMidnight_onlyThoseDetectedWithin() {
        Instant since = Instant.parse("2026-11-24T20:00:00Z");
        Instant until = Instant.parse("2026-11-25T02:00:00Z");
        List<String> found = ids(query(since, until));
        List<String> wanted =
                expected(f -> !f.detectedAt().isBefore(since) && !f.detectedAt().isAfter(until));
        assertTrue(wanted.size() > 40, "the window should hold a good share, held " + wanted.size());
        assertEquals(wanted, found);
    }

    @Test
    void find_oneRule_onlyItsFindings() {
        FindingQuery query = new FindingQuery(
                SeededFindings.WATCHED,
                Optional.empty(),
                List.of("negative-stock"),
                Optional.empty(),
                Optional.empty(),
                EVERYTHING_SINCE,
                SeededFindings.NEWEST);
        assertEquals(expected(f -> f.ruleId().equals("negative-stock")), ids(query));
    }

    @Test
    void find_classLostUpdate_onlyThatClass() {
        FindingQuery query = new FindingQuery(
                SeededFindings.WATCHED,
                Optional.empty(),
                RULES,
                Optional.of(FindingClass.LOST_UPDATE),
                Optional.empty(),
                EVERYTHING_SINCE,
                SeededFindings.NEWEST);
        List<String> found = ids(query);
        assertEquals(expected(f -> f.findingClass() == FindingClass.LOST_UPDATE), found);
        assertEquals(90, found.size());
    }

    @Test
    void find_severityErrorAndAbove_criticalAndErrorOnly() {
        FindingQuery query = new FindingQuery(
                SeededFindings.WATCHED,
                Optional.empty(),
                RULES,
                Optional.empty(),
                Optional.of(Severity.ERROR),
                EVERYTHING_SINCE,
                SeededFindings.NEWEST);
        assertEquals(expected(f -> f.severity().atLeast(Severity.ERROR)), ids(query));
    }

    @Test
    void find_itemWithRuleAndWindow_onlyThatItemsMatchingFindings() {
        Instant since = SeededFindings.NEWEST.minus(Duration.ofHours(10));
        FindingQuery query = new FindingQuery(
                SeededFindings.WATCHED,
                Optional.of("item-2"),
                List.of("conservation", "version-skipped"),
                Optional.empty(),
                Optional.empty(),
                since,
                SeededFindings.NEWEST);
        List<String> found = ids(query);
        assertEquals(
                expected(f -> f.itemKey().equals("item-2")
                        && !f.ruleId().equals("negative-stock")
                        && !f.detectedAt().isBefore(since)),
                found);
        assertTrue(found.size() > 5, "found " + found.size());
    }

    @Test
    void countByRule_wholeWindow_countsPerRuleMatchTheSeed() {
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (String rule : RULES) {
            long n = expected(f -> f.ruleId().equals(rule)).size();
            if (n > 0) {
                wanted.put(rule, n);
            }
        }
        assertEquals(wanted, search.countByRule(query(EVERYTHING_SINCE, SeededFindings.NEWEST)));
        assertEquals(Map.of("conservation", 90L, "negative-stock", 90L, "version-skipped", 90L), wanted);
    }

    /**
     * Issue 16 item 6: a finding stored under a composite key's rendering from before escaping ({@code a|b|c}
     * for {@code (a|b, c)}) is found by the key as rendered now ({@code a\|b|c}), beside one stored under it.
     */
    @Test
    void find_itemWithLegacyRendering_bothRowsFound() {
        AwsClients shared = TestEndpoint.clients();
        String audit = TestEndpoint.freshAuditTable();
        Finding legacy = Finding.builder()
                .id("legacy")
                .ruleId("conservation")
                .severity(Severity.CRITICAL)
                .findingClass(FindingClass.LOST_UPDATE)
                .table("orders")
                .itemKey("a|b|c")
                .eventName("MODIFY")
                .sequenceNumber("100")
                .shardId("shard-1")
                .approximateCreationTime(SeededFindings.NEWEST)
                .detectedAt(SeededFindings.NEWEST)
                .message("stored before keys were escaped")
                .build();
        Finding current = legacy.toBuilder()
                .id("current")
                .itemKey("a\\|b|c")
                .sequenceNumber("101")
                .detectedAt(SeededFindings.NEWEST.plusSeconds(1))
                .message("stored after")
                .build();
        new DynamoDbAuditWriter(shared.dynamoDbAsync(), audit, new FindingItems(Duration.ofDays(90), List.of()))
                .write(List.of(legacy, current));
        FindingSearch composite =
                new FindingSearch(shared.dynamoDb(), audit, key -> dev.driftwatch.record.ItemKeys.legacyForm(key));

        List<String> found = new ArrayList<>();
        composite
                .find(new FindingQuery(
                        "orders",
                        Optional.of("a\\|b|c"),
                        List.of("conservation"),
                        Optional.empty(),
                        Optional.empty(),
                        SeededFindings.NEWEST.minusSeconds(60),
                        SeededFindings.NEWEST.plusSeconds(60)))
                .forEachRemaining(finding -> found.add(finding.id()));

        assertEquals(List.of("current", "legacy"), found);
    }
}
