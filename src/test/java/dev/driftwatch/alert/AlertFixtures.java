package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Findings for the alert tests: a lost update on an item, with its id, rule and table chosen. */
final class AlertFixtures {
    static final Instant DETECTED = Instant.parse("2026-11-25T10:00:01Z");

    private AlertFixtures() {}

    static Finding finding(String id, String rule, String table, String itemKey) {
        return Finding.builder()
                .id(id)
                .ruleId(rule)
                .severity(Severity.CRITICAL)
                .findingClass(FindingClass.LOST_UPDATE)
                .table(table)
                .itemKey(itemKey)
                .eventName("MODIFY")
                .sequenceNumber("4200")
                .shardId("shard-1")
                .approximateCreationTime(DETECTED.minusMillis(800))
                .detectedAt(DETECTED)
                .message("quantity 9 → 9 with delta -1")
                .oldImage(Map.of("quantity", AttributeValue.fromN("10"), "owner", AttributeValue.fromS("bob")))
                .newImage(Map.of("quantity", AttributeValue.fromN("9")))
                .writer(Optional.of("api-2"))
                .writeId(Optional.of("w2"))
                .lostUnits(Optional.of(BigDecimal.ONE))
                .build();
    }

    static Finding finding(String id) {
        return finding(id, "conservation", "inventory", "sku-" + id);
    }
}
