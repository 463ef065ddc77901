package dev.driftwatch.bench;

import java.time.Duration;
import java.util.Objects;

/** Steady writes at {@code ratePerSecond} for {@code duration}, {@code violatingPercent} of them violating. */
public record LatencySettings(int ratePerSecond, Duration duration, int violatingPercent, Duration catchUpTimeout) {

    public LatencySettings {
        if (ratePerSecond < 1 || ratePerSecond > 10_000) {
            throw new IllegalArgumentException("rate must be 1 to 10000 writes/s, got " + ratePerSecond);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.toMillis() < 1000) {
            throw new IllegalArgumentException("duration must be at least 1 s, got " + duration);
        }
        if (violatingPercent < 1 || violatingPercent > 100) {
            throw new IllegalArgumentException("violating percentage must be 1 to 100, got " + violatingPercent);
        }
        Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
    }

    long writes() {
        return ratePerSecond * duration.toMillis() / 1000;
    }
}
