package dev.driftwatch.finding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class FindingIdTest {
    @Test
    void of_sameInputs_sameId() {
        assertEquals(
                FindingId.of("inventory", "100", "conservation"), FindingId.of("inventory", "100", "conservation"));
    }

    @Test
    void of_anyInputDiffers_idDiffers() {
        String id = FindingId.of("inventory", "100", "conservation");
        assertNotEquals(id, FindingId.of("orders", "100", "conservation"));
        assertNotEquals(id, FindingId.of("inventory", "101", "conservation"));
        assertNotEquals(id, FindingId.of("inventory", "100", "negative-stock"));
    }

    @Test
    void of_fieldBoundariesShifted_idDiffers() {
        assertNotEquals(FindingId.of("ab", "c", "r"), FindingId.of("a", "bc", "r"));
    }

    @Test
    void of_knownInput_isFirst32HexDigitsOfSha256() {
        // sha256("t\0s\0r") computed independently with: printf 't\0s\0r' | sha256sum
        assertEquals(32, FindingId.of("t", "s", "r").length());
        assertEquals(EXPECTED_T_S_R, FindingId.of("t", "s", "r"));
    }

    private static final String EXPECTED_T_S_R = "dcde98c04a108210f1bea75bcde61445";
}
