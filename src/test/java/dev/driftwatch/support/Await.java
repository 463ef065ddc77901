package dev.driftwatch.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/** Polls a counter until it reaches a target, failing with what it reached. */
public final class Await {
    private Await() {}

    public static void atLeast(String what, LongSupplier counter, long target, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (counter.getAsLong() < target) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        what + ": reached " + counter.getAsLong() + " of " + target + " within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
