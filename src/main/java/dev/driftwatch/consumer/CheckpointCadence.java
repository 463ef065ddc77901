package dev.driftwatch.consumer;

import java.time.Duration;

/**
 * How often a busy shard is checkpointed: at most once per {@code every} (the first time at once), zero after every
 * batch. The daemon's processor and the benchmark's checkpoint-only one keep the same cadence.
 */
final class CheckpointCadence {
    private final Duration every;
    private long lastNanos;

    CheckpointCadence(Duration every) {
        this.every = every;
    }

    boolean due() {
        return every.isZero() || lastNanos == 0 || System.nanoTime() - lastNanos >= every.toNanos();
    }

    void checkpointed() {
        lastNanos = System.nanoTime();
    }

    Duration every() {
        return every;
    }
}
