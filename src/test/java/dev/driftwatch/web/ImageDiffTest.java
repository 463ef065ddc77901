package dev.driftwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ImageDiffTest {
    @Test
    void of_changedAddedRemovedSameRedacted_eachRowItsChangeInNameOrder() {
        ImageDiff diff = ImageDiff.of(
                Map.of(
                        "quantity", AttributeValue.fromN("10"),
                        "gone", AttributeValue.fromS("x"),
                        "sku", AttributeValue.fromS("a"),
                        "card", AttributeValue.fromS("<redacted>")),
                Map.of(
                        "quantity", AttributeValue.fromN("7"),
                        "fresh", AttributeValue.fromBool(true),
                        "sku", AttributeValue.fromS("a"),
                        "card", AttributeValue.fromS("<redacted>")));
        assertEquals(
                List.of(
                        new ImageDiff.Row("card", "<redacted>", "<redacted>", ImageDiff.Change.REDACTED),
                        new ImageDiff.Row("fresh", "", "true", ImageDiff.Change.ADDED),
                        new ImageDiff.Row("gone", "\"x\"", "", ImageDiff.Change.REMOVED),
                        new ImageDiff.Row("quantity", "10", "7", ImageDiff.Change.CHANGED),
                        new ImageDiff.Row("sku", "\"a\"", "\"a\"", ImageDiff.Change.SAME)),
                diff.rows());
        assertEquals(3, diff.differences());
    }

    @Test
    void attributeText_nestedSetsBinaryAndControlCharacters_oneLine() {
        AttributeValue value = AttributeValue.fromM(Map.of(
                "b", AttributeValue.fromL(List.of(AttributeValue.fromNul(true), AttributeValue.fromN("-1E+125"))),
                "a", AttributeValue.fromSs(List.of("z", "y\n\"q\"")),
                "c", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[3]))));
        assertEquals(
                "{\"a\": <<\"y\\n\\\"q\\\"\", \"z\">>, \"b\": [null, -1E+125], \"c\": <binary, 3 bytes>}",
                AttributeText.of(value));
    }

    @Test
    void attributeText_largestString_cutWithTheCountLeft() {
        String text = AttributeText.of(AttributeValue.fromS("x".repeat(400_000)));
        assertEquals("\"" + "x".repeat(AttributeText.MAX_CHARS - 1) + "… (cut at 2000 characters)", text);
    }
}
