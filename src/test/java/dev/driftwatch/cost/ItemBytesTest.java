package dev.driftwatch.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Sizes by "DynamoDB item sizes and formats". */
class ItemBytesTest {
    @Test
    void of_stringAttribute_nameAndValueInUtf8Bytes() {
        assertEquals(4 + 3, ItemBytes.of(Map.of("name", AttributeValue.fromS("abc"))));
        assertEquals(1 + 2 + 3 + 4, ItemBytes.of(Map.of("k", AttributeValue.fromS("é€😀"))));
    }

    @Test
    void number_pairsOfDigitsAlignedOnThePointPlusOne() {
        assertEquals(4, ItemBytes.number("123.45")); // 01 23 45
        assertEquals(3, ItemBytes.number("0.0012300")); // .00 12 30
        assertEquals(1, ItemBytes.number("0"));
        assertEquals(3, ItemBytes.number("-7")); // 07, and the sign
        assertEquals(3, ItemBytes.number("120")); // 01 20
        assertEquals(3, ItemBytes.number("1.5")); // 01 50
        assertEquals(2, ItemBytes.number("100")); // 01 (00 dropped)
        assertEquals(2, ItemBytes.number("1000")); // 10 (00 dropped)
        assertEquals(20, ItemBytes.number("9.9999999999999999999999999999999999999E+125")); // 38 digits
        assertEquals(2, ItemBytes.number("1E-130"));
    }

    @Test
    void of_binaryNullAndBoolean_rawBytesAndOneByte() {
        assertEquals(1 + 5, ItemBytes.of(Map.of("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[5])))));
        assertEquals(1 + 1, ItemBytes.of(Map.of("n", AttributeValue.fromNul(true))));
        assertEquals(1 + 1, ItemBytes.of(Map.of("t", AttributeValue.fromBool(false))));
    }

    @Test
    void of_listAndMap_threeBytesPlusOnePerElement() {
        assertEquals(1 + 3, ItemBytes.of(Map.of("l", AttributeValue.fromL(List.of()))));
        assertEquals(
                1 + 3 + (1 + 1) + (1 + 1),
                ItemBytes.of(Map.of(
                        "l", AttributeValue.fromL(List.of(AttributeValue.fromS("x"), AttributeValue.fromS("y"))))));
        assertEquals(
                1 + 3 + (1 + 1 + 1),
                ItemBytes.of(Map.of("m", AttributeValue.fromM(Map.of("a", AttributeValue.fromS("b"))))));
    }

    @Test
    void of_sets_sumOfElements() {
        assertEquals(2 + 1 + 2, ItemBytes.of(Map.of("ss", AttributeValue.fromSs(List.of("a", "bc")))));
        assertEquals(2 + 2 + 3, ItemBytes.of(Map.of("ns", AttributeValue.fromNs(List.of("1", "123")))));
    }
}
