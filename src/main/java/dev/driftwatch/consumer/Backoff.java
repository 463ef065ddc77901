package dev.driftwatch.consumer;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base · 2^(attempt−1))]. */
record Backoff(long baseMillis, long capMillis) {
    static final Backoff DEFAULT = new Backoff(100, 5_000);

    Backoff {
        if (baseMillis <= 0 || capMillis < baseMillis) {
            throw new IllegalArgumentException(
                    "backoff needs 0 < base <= cap, got base=" + baseMillis + " cap=" + capMillis);
        }
    }

    long ceilingMillis(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        return Math.min(capMillis, baseMillis << shift);
    }

    long delayMillis(int attempt) {
        return ThreadLocalRandom.current().nextLong(ceilingMillis(attempt) + 1);
    }
}
