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
        return Finding.builder()
                .id("abc123")
                .ruleId("conservation")
                .severity(Severity.CRITICAL)
                .findingClass(FindingClass.LOST_UPDATE)
                .table("inventory")
                .itemKey("A-1")
                .eventName("MODIFY")
                .sequenceNumber("4200")
                .shardId("shard-1")
                .approximateCreationTime(Instant.parse("2026-11-25T10:00:00.120Z"))
                .detectedAt(Instant.parse("2026-11-25T10:00:01Z"))
                .message("quantity 9 → 9 with delta -1")
                .oldImage(Map.of("quantity", AttributeValue.fromN("9"), "owner", AttributeValue.fromS("bob")))
                .newImage(Map.of("quantity", AttributeValue.fromN("9")))
                .writer(Optional.of("api-2"))
                .writeId(Optional.of("w2"))
                .lostUnits(Optional.of(new BigDecimal("1")))
                .build();
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
