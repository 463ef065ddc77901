package dev.driftwatch.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ImageTest {
    private final Image image = new Image(Map.ofEntries(
            Map.entry("s", AttributeValue.fromS("text")),
            Map.entry("n", AttributeValue.fromN("12.50")),
            Map.entry("b", AttributeValue.fromB(SdkBytes.fromUtf8String("x"))),
            Map.entry("bool", AttributeValue.fromBool(true)),
            Map.entry("null", AttributeValue.fromNul(true)),
            Map.entry("ss", AttributeValue.fromSs(List.of("a", "b"))),
            Map.entry("ns", AttributeValue.fromNs(List.of("1", "2"))),
            Map.entry("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("y")))),
            Map.entry("l", AttributeValue.fromL(List.of(AttributeValue.fromN("1")))),
            Map.entry("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v")))),
            Map.entry("big", AttributeValue.fromN("99999999999999999999999999999999999999"))));

    @Test
    void typeOf_eachDynamoDbType_reportsThatType() {
        assertEquals(AttributeType.S, image.typeOf("s"));
        assertEquals(AttributeType.N, image.typeOf("n"));
        assertEquals(AttributeType.B, image.typeOf("b"));
        assertEquals(AttributeType.BOOL, image.typeOf("bool"));
        assertEquals(AttributeType.NULL, image.typeOf("null"));
        assertEquals(AttributeType.SS, image.typeOf("ss"));
        assertEquals(AttributeType.NS, image.typeOf("ns"));
        assertEquals(AttributeType.BS, image.typeOf("bs"));
        assertEquals(AttributeType.L, image.typeOf("l"));
        assertEquals(AttributeType.M, image.typeOf("m"));
    }

    @Test
    void typeOf_absentAttribute_isMissing() {
        assertEquals(AttributeType.MISSING, image.typeOf("nope"));
    }

    @Test
    void number_numericAttribute_keepsScaleAndValue() {
        assertEquals(Optional.of(new BigDecimal("12.50")), image.number("n"));
    }

    @Test
    void number_thirtyEightDigits_isExact() {
        assertEquals(
                new BigDecimal("99999999999999999999999999999999999999"),
                image.number("big").orElseThrow());
    }

    @Test
    void number_mistypedOrMissingAttribute_isEmpty() {
        assertEquals(Optional.empty(), image.number("s"));
        assertEquals(Optional.empty(), image.number("ns"));
        assertEquals(Optional.empty(), image.number("nope"));
    }

    @Test
    void string_numberAttribute_isEmpty() {
        assertEquals(Optional.empty(), image.string("n"));
        assertEquals(Optional.of("text"), image.string("s"));
    }

    @Test
    void describe_scalarsAndCollections_citesValueOrType() {
        assertEquals("12.50", image.describe("n"));
        assertEquals("'text'", image.describe("s"));
        assertEquals("true", image.describe("bool"));
        assertEquals("(SS)", image.describe("ss"));
        assertEquals("(missing)", image.describe("nope"));
    }

    @Test
    void number_moreAttributesThanTheCacheHolds_everyReadStillExact() {
        Image wide = new Image(Map.of(
                "a",
                AttributeValue.fromN("1"),
                "b",
                AttributeValue.fromN("2"),
                "c",
                AttributeValue.fromN("3"),
                "d",
                AttributeValue.fromN("4"),
                "e",
                AttributeValue.fromN("5"),
                "f",
                AttributeValue.fromS("6")));
        for (int round = 0; round < 3; round++) {
            assertEquals(Optional.of(new BigDecimal("1")), wide.number("a"));
            assertEquals(Optional.of(new BigDecimal("5")), wide.number("e"));
            assertEquals(Optional.empty(), wide.number("f"));
            assertEquals(Optional.of(new BigDecimal("3")), wide.number("c"));
            assertEquals(Optional.empty(), wide.number("zz"));
            assertEquals(Optional.of(new BigDecimal("4")), wide.number("d"));
        }
    }
}
