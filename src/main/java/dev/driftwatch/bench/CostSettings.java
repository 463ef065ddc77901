package dev.driftwatch.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the cost benchmark preloads (records over how many items, at which violating percentages), how long the
 * daemon then idles to measure what grows with time, and how the stream-gap check runs.
 */
public record CostSettings(
        long records,
        List<Integer> violatingPercents,
        long items,
        Duration idle,
        Duration drainTimeout,
        StreamGapMode streamGap) {
    public CostSettings {
        ThroughputSettings.checkRecords(records);
        violatingPercents = ThroughputSettings.checkedPercents(violatingPercents);
        ThroughputSettings.checkItems(items, records);
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle must be positive, got " + idle);
        }
    }
}
