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
        return new Finding(
                id,
                rule,
                Severity.CRITICAL,
                FindingClass.LOST_UPDATE,
                table,
                itemKey,
                "MODIFY",
                "4200",
                "shard-1",
                DETECTED.minusMillis(800),
                DETECTED,
                "quantity 9 → 9 with delta -1",
                Map.of("quantity", AttributeValue.fromN("10"), "owner", AttributeValue.fromS("bob")),
                Map.of("quantity", AttributeValue.fromN("9")),
                Optional.of("api-2"),
                Optional.of("w2"),
                Optional.of(BigDecimal.ONE));
    }

    static Finding finding(String id) {
        return finding(id, "conservation", "inventory", "sku-" + id);
    }
}
