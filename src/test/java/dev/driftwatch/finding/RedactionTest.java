package dev.driftwatch.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RedactionTest {
    private static Finding finding(String message, Map<String, AttributeValue> newImage) {
        return Finding.builder()
                .id("f1")
                .ruleId("r")
                .severity(Severity.ERROR)
                .findingClass(FindingClass.INVARIANT)
                .table("t")
                .itemKey("k")
                .eventName("MODIFY")
                .sequenceNumber("1")
                .shardId("s")
                .approximateCreationTime(Instant.EPOCH)
                .detectedAt(Instant.EPOCH)
                .message(message)
                .newImage(newImage)
                .writer(Optional.of("alice"))
                .build();
    }

    @Test
    void apply_numberPrintedInAnotherForm_maskedNotInsideLongerNumbers() {
        Finding masked = new Redaction(Set.of("balance"))
                .apply(finding(
                        "balance 12.5 of 12.50, not 112.5 or 12.55", Map.of("balance", AttributeValue.fromN("12.50"))));
        assertEquals("balance <redacted> of <redacted>, not 112.5 or 12.55", masked.message());
    }

    @Test
    void apply_writerAttributeRedacted_stampMasked() {
        Finding masked = new Redaction(Set.of("owner"))
                .apply(finding("by alice", Map.of("owner", AttributeValue.fromS("alice"))));
        assertEquals(Optional.of(Redaction.MASK), masked.writer());
        assertEquals("by <redacted>", masked.message());
    }

    @Test
    void apply_mapAndSetValues_everyElementMasked() {
        Finding masked = new Redaction(Set.of("card", "tags"))
                .apply(finding(
                        "card {number: 4111-1111} tags [alpha, beta]",
                        Map.of(
                                "card",
                                AttributeValue.fromM(Map.of("number", AttributeValue.fromS("4111-1111"))),
                                "tags",
                                AttributeValue.fromSs(java.util.List.of("alpha", "beta")))));
        assertEquals("card {number: <redacted>} tags [<redacted>, <redacted>]", masked.message());
    }

    @Test
    void apply_shortNumberInsideALongerDecimal_leftAlone() {
        Finding masked = new Redaction(Set.of("pin"))
                .apply(finding("pin 10, price 10.5", Map.of("pin", AttributeValue.fromN("10"))));
        assertEquals("pin <redacted>, price 10.5", masked.message());
    }

    @Test
    void apply_nothingNamed_findingUnchanged() {
        Finding original = finding("balance 12.5", Map.of("balance", AttributeValue.fromN("12.5")));
        assertEquals(original, Redaction.NONE.apply(original));
    }
}
