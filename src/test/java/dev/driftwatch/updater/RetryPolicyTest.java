package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(8, Duration.ofMillis(5), Duration.ofMillis(100));

    @Test
    void ceiling_doublesFromBaseAndStopsAtMax() {
        assertEquals(Duration.ofMillis(5), policy.ceiling(1));
        assertEquals(Duration.ofMillis(10), policy.ceiling(2));
        assertEquals(Duration.ofMillis(80), policy.ceiling(5));
        assertEquals(Duration.ofMillis(100), policy.ceiling(6));
        assertEquals(Duration.ofMillis(100), policy.ceiling(999));
    }

    @Test
    void delay_fullJitter_withinZeroAndCeiling() {
        for (int attempt = 1; attempt <= 64; attempt++) {
            Duration delay = policy.delay(attempt);
            assertTrue(!delay.isNegative() && delay.compareTo(policy.ceiling(attempt)) <= 0, attempt + ": " + delay);
        }
    }

    @Test
    void construct_zeroAttempts_rejectedNamingField() {
        assertEquals(
                "maxAttempts must be 1 to 1000, got: 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                        .getMessage());
    }

    @Test
    void construct_maxBelowBase_rejected() {
        assertEquals(
                "maxDelay must be at least baseDelay, got: PT0.001S",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(1)))
                        .getMessage());
    }
}
