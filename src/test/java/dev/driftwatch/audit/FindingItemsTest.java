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
        assertEquals(
                "conservation#2026-11-25#"
                        + AuditTable.indexShard(item.get("id").s()),
                item.get("ruleDay").s(),
                "the by-rule key spread over the index shards by the finding's id");
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
    void imageRows_redactedAttribute_isMasked() {
        assertEquals(
                "<redacted>",
                items.imageRows(finding())
                        .get(0)
                        .get("oldImage")
                        .m()
                        .get("owner")
                        .s());
    }

    /** Issue 16 item 1 / issue 19: the finding row carries no image, only where its record's images are. */
    @Test
    void toItem_imagesStoredApart_rowNamesTheirPartition() {
        Map<String, AttributeValue> item = items.toItem(finding());
        assertEquals(null, item.get("oldImage"));
        assertEquals(null, item.get("newImage"));
        assertEquals(
                items.imageRows(finding()).get(0).get("pk").s(),
                item.get(AuditImages.IMAGES).s());
    }

    @Test
    void imageRows_imagesBeyondOneRow_gzipPartsThatDecodeToTheImages() {
        Finding large = finding().toBuilder()
                .oldImage(Map.of("notes", AttributeValue.fromS(noise(390_000, 1)), "n", AttributeValue.fromN("1")))
                .newImage(Map.of(
                        "notes",
                        AttributeValue.fromS(noise(390_000, 2)),
                        "tags",
                        AttributeValue.fromSs(List.of("a", "b"))))
                .build();
        List<Map<String, AttributeValue>> rows = new FindingItems(Duration.ofDays(90), List.of()).imageRows(large);
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (Map<String, AttributeValue> row : rows) {
            assertEquals(true, ItemSize.upperBound(row) < 400 * 1024, "a part fits in one row");
            data.writeBytes(row.get("data").b().asByteArray());
        }
        assertEquals(true, rows.size() >= 2, "two items near 400 KB of noise need several parts: " + rows.size());
        Map<String, Map<String, AttributeValue>> back = ImageCodec.decode(data.toByteArray());
        assertEquals(large.oldImage(), back.get("oldImage"));
        assertEquals(large.newImage(), back.get("newImage"));
    }

    @Test
    void fromItem_roundTrip_keepsEveryFieldButRedactedValues() {
        Finding original = finding();
        Finding back = FindingItems.fromItem(new FindingItems(Duration.ofDays(90), List.of()).toItem(original));
        assertEquals(original.toBuilder().oldImage(Map.of()).newImage(Map.of()).build(), back);
    }

    /** Text that does not compress: random letters and digits. */
    private static String noise(int length, long seed) {
        java.util.Random random = new java.util.Random(seed);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** Issue 21 item 7: findings of one rule and day land on every index shard, by their ids. */
    @Test
    void toItem_manyFindingsOfOneRuleAndDay_spreadOverEveryIndexShard() {
        FindingItems items = new FindingItems(Duration.ofDays(90), List.of(), Optional.of(Severity.INFO));
        java.util.Set<String> ruleDays = new java.util.TreeSet<>();
        java.util.Set<String> pendingKeys = new java.util.TreeSet<>();
        for (int i = 0; i < 200; i++) {
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item =
                    items.toItem(finding().toBuilder().id("f" + i).build());
            ruleDays.add(item.get("ruleDay").s());
            pendingKeys.add(item.get("alertPending").s());
        }
        assertEquals(AuditTable.INDEX_SHARDS, ruleDays.size(), ruleDays.toString());
        assertEquals(AuditTable.INDEX_SHARDS, pendingKeys.size(), pendingKeys.toString());
    }
}
