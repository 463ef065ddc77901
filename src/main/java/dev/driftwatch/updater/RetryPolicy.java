package dev.driftwatch.updater;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded attempts with exponential backoff and full jitter: before attempt n+1 the updater sleeps a
 * random time in [0, min(maxDelay, baseDelay · 2^(n−1))].
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(5), Duration.ofMillis(500));

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 1000) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 1000, got: " + maxAttempts);
        }
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("baseDelay must be positive, got: " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least baseDelay, got: " + maxDelay);
        }
    }

    /** The upper bound of the sleep after failed attempt {@code attempt} (1-based). */
    public Duration ceiling(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long nanos = baseDelay.toNanos();
        long scaled = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
        return Duration.ofNanos(Math.min(scaled, maxDelay.toNanos()));
    }

    /** A random sleep in [0, ceiling(attempt)]. */
    public Duration delay(int attempt) {
        return Duration.ofNanos(
                ThreadLocalRandom.current().nextLong(ceiling(attempt).toNanos() + 1));
    }
}
