package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A few hundred findings over three rules, two watched tables, four items and about 35 hours (three
 * UTC days), stored in an audit table; tests compute what each query must return from {@link #all}.
 */
public final class SeededFindings {
    public static final String WATCHED = "inventory";
    public static final String OTHER = "orders";
    public static final Instant NEWEST = Instant.parse("2026-11-25T09:30:00.500Z");

    private final List<Finding> all = new ArrayList<>();

    private SeededFindings(int count) {
        String[] rules = {"conservation", "negative-stock", "version-skipped"};
        FindingClass[] classes = {FindingClass.LOST_UPDATE, FindingClass.INVARIANT, FindingClass.PROTOCOL};
        Severity[] severities = {Severity.CRITICAL, Severity.ERROR, Severity.WARNING};
        for (int i = 0; i < count; i++) {
            int r = i % 3;
            // every fifth pair shares its millisecond with the one before: ties must page exactly
            Instant detectedAt = NEWEST.minus(Duration.ofMinutes(7L * (i - (i % 5 == 1 ? 1 : 0))));
            String table = i % 10 == 9 ? OTHER : WATCHED;
            all.add(Finding.builder()
                    .id(String.format("f%04d", i))
                    .ruleId(rules[r])
                    .severity(severities[r])
                    .findingClass(classes[r])
                    .table(table)
                    .itemKey("item-" + (i % 4))
                    .eventName("MODIFY")
                    .sequenceNumber(Integer.toString(5000 + i))
                    .shardId("shard-1")
                    .approximateCreationTime(detectedAt.minusMillis(300))
                    .detectedAt(detectedAt)
                    .message("seeded finding " + i)
                    .oldImage(Map.of("quantity", AttributeValue.fromN("9")))
                    .newImage(Map.of("quantity", AttributeValue.fromN("9")))
                    .writer(Optional.of("w"))
                    .writeId(Optional.of("id-" + i))
                    .lostUnits(r == 0 ? Optional.of(BigDecimal.ONE) : Optional.empty())
                    .build());
        }
    }

    public static SeededFindings store(DynamoDbAsyncClient dynamoDb, String auditTable, int count) {
        return store(dynamoDb, auditTable, count, Optional.empty());
    }

    /** Stored with those at or above {@code alertFrom} pending in the alert outbox. */
    public static SeededFindings store(
            DynamoDbAsyncClient dynamoDb, String auditTable, int count, Optional<Severity> alertFrom) {
        SeededFindings seeded = new SeededFindings(count);
        new DynamoDbAuditWriter(dynamoDb, auditTable, new FindingItems(Duration.ofDays(90), List.of(), alertFrom))
                .write(seeded.all);
        return seeded;
    }

    public List<Finding> all() {
        return all;
    }
}
