package dev.driftwatch.updater.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Issue 18 item 4: what makes a second call with one operation id a retry, and what makes it a reused id. */
class IdempotentAdjustDifferenceTest {
    private static final Optional<BigDecimal> FLOOR_0 = Optional.of(BigDecimal.ZERO);

    private static Map<String, AttributeValue> entry(String attribute, String delta, String floor) {
        Map<String, AttributeValue> entry = new java.util.HashMap<>();
        entry.put("operation", AttributeValue.fromS("t#sku|s:a#op"));
        if (attribute != null) {
            entry.put("attribute", AttributeValue.fromS(attribute));
        }
        if (delta != null) {
            entry.put("delta", AttributeValue.fromN(delta));
        }
        if (floor != null) {
            entry.put("floor", AttributeValue.fromN(floor));
        }
        return entry;
    }

    @Test
    void difference_sameParametersWrittenOtherwise_none() {
        assertEquals(
                Optional.empty(),
                IdempotentAdjustOperation.difference(
                        entry("quantity", "-1", "0"),
                        "quantity",
                        new BigDecimal("-1.00"),
                        Optional.of(new BigDecimal("0E+2"))));
    }

    @Test
    void difference_floorRecordedButNoneAsked_reused() {
        assertEquals(
                Optional.of("recorded quantity -1 (floor 0), this call quantity -1 (no floor)"),
                IdempotentAdjustOperation.difference(
                        entry("quantity", "-1", "0"), "quantity", BigDecimal.ONE.negate(), Optional.empty()));
    }

    /** Entries from before the attribute and floor were recorded hold the delta alone: only it is compared. */
    @Test
    void difference_oldEntryFormat_deltaAloneCompared() {
        assertEquals(
                Optional.empty(),
                IdempotentAdjustOperation.difference(
                        entry(null, "-1", null), "reserved", BigDecimal.ONE.negate(), Optional.of(BigDecimal.TEN)));
        assertEquals(
                Optional.of("recorded -1, this call quantity -3 (floor 0)"),
                IdempotentAdjustOperation.difference(
                        entry(null, "-1", null), "quantity", new BigDecimal("-3"), FLOOR_0));
    }

    /** An entry with nothing to compare (a hand-written one, or none returned): taken as the same operation. */
    @Test
    void difference_entryWithoutParameters_none() {
        assertEquals(
                Optional.empty(),
                IdempotentAdjustOperation.difference(Map.of(), "quantity", BigDecimal.ONE.negate(), FLOOR_0));
    }
}
