package dev.driftwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizeTest {

    @Test
    void upperBound_flatItem_threeBytesPerCharacterAndTwentyOnePerNumber() {
        Map<String, AttributeValue> item =
                Map.of("pk", AttributeValue.fromS("abcd"), "n", AttributeValue.fromN("12345"));
        assertEquals(3 * 2 + 3 * 4 + 3 * 1 + 21, ItemSize.upperBound(item));
    }

    @Test
    void upperBound_nestedMapListAndSets_countsEveryValue() {
        Map<String, AttributeValue> item = Map.of(
                "m", AttributeValue.fromM(Map.of("s", AttributeValue.fromS("xy"))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromN("1"))),
                "ss", AttributeValue.fromSs(List.of("a", "bc")),
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[10])));
        long expected = (3 + 3 + (3 + 6)) + (3 + 3 + (1 + 1) + (1 + 21)) + (6 + 9) + (3 + 10);
        assertEquals(expected, ItemSize.upperBound(item));
    }

    @Test
    void upperBound_multiByteText_neverBelowTheUtf8Size() {
        String text = "Größe 数量 📦";
        Map<String, AttributeValue> item = Map.of("t", AttributeValue.fromS(text));
        assertTrue(ItemSize.upperBound(item) >= 1 + text.getBytes(StandardCharsets.UTF_8).length);
    }
}
