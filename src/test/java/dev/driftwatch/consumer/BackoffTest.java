package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(100, 5_000);

    @Test
    void ceilingMillis_doublesPerAttemptUpToCap() {
        assertEquals(100, backoff.ceilingMillis(1));
        assertEquals(200, backoff.ceilingMillis(2));
        assertEquals(3_200, backoff.ceilingMillis(6));
        assertEquals(5_000, backoff.ceilingMillis(7));
        assertEquals(5_000, backoff.ceilingMillis(1_000));
    }

    @Test
    void delayMillis_alwaysWithinZeroAndCeiling() {
        for (int attempt = 1; attempt < 40; attempt++) {
            long delay = backoff.delayMillis(attempt);
            assertTrue(delay >= 0 && delay <= backoff.ceilingMillis(attempt), "attempt " + attempt + " gave " + delay);
        }
    }

    @Test
    void construct_capBelowBase_rejected() {
        assertEquals(
                "backoff needs 0 < base <= cap, got base=100 cap=50",
                assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 50))
                        .getMessage());
    }
}
