package dev.driftwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class FindingItemsTest {
    static Finding finding() {
        return new Finding(
                "abc123",
                "conservation",
                Severity.CRITICAL,
                FindingClass.LOST_UPDATE,
                "inventory",
                "A-1",
                "MODIFY",
                "4200",
                "shard-1",
                Instant.parse("2026-11-25T10:00:00.120Z"),
                Instant.parse("2026-11-25T10:00:01Z"),
                "quantity 9 → 9 with delta -1",
                Map.of("quantity", AttributeValue.fromN("9"), "owner", AttributeValue.fromS("bob")),
                Map.of("quantity", AttributeValue.fromN("9")),
                Optional.of("api-2"),
                Optional.of("w2"),
                Optional.of(new BigDecimal("1")));
    }

    private final FindingItems items = new FindingItems(Duration.ofDays(90), List.of("owner"));

    @Test
    void toItem_keysFollowTheAuditLayout() {
        Map<String, AttributeValue> item = items.toItem(finding());
        assertEquals("inventory#A-1", item.get("pk").s());
        assertEquals(
                "2026-11-25T10:00:00.120Z#4200#conservation", item.get("sk").s());
        assertEquals("conservation#2026-11-25", item.get("ruleDay").s());
        assertEquals("2026-11-25T10:00:01.000Z", item.get("detectedAt").s());
    }

    @Test
    void toItem_expiresAtIsDetectionPlusRetention() {
        long expected =
                Instant.parse("2026-11-25T10:00:01Z").plus(Duration.ofDays(90)).getEpochSecond();
        assertEquals(
                Long.toString(expected),
                items.toItem(finding()).get("expiresAt").n());
    }

    @Test
    void toItem_redactedAttribute_isMasked() {
        assertEquals(
                "<redacted>",
                items.toItem(finding()).get("oldImage").m().get("owner").s());
    }

    @Test
    void fromItem_roundTrip_keepsEveryFieldButRedactedValues() {
        Finding original = finding();
        Finding back = FindingItems.fromItem(new FindingItems(Duration.ofDays(90), List.of()).toItem(original));
        assertEquals(original, back);
    }
}
