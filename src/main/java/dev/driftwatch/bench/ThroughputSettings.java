package dev.driftwatch.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the throughput benchmark preloads, how many times each consumer drains it (alternating who
 * goes first), how long each drain may take, and whether driftwatch runs its stream-gap check (its
 * durable per-item state costs a read and a write per item and batch).
 */
public record ThroughputSettings(
        long records,
        long items,
        List<Integer> violatingPercents,
        int rounds,
        Duration drainTimeout,
        StreamGapMode streamGap) {

    public ThroughputSettings {
        checkRecords(records);
        checkItems(items, records);
        violatingPercents = checkedPercents(violatingPercents);
        if (rounds < 1 || rounds > 20) {
            throw new IllegalArgumentException("rounds must be 1 to 20, got " + rounds);
        }
        Objects.requireNonNull(drainTimeout, "drainTimeout");
    }

    /** What every stream benchmark preloads: at least one record. */
    static void checkRecords(long records) {
        if (records < 1) {
            throw new IllegalArgumentException("records must be at least 1, got " + records);
        }
    }

    /** From 25 items (or all records, when fewer) to one per record: fewer items make an update-heavy stream. */
    static void checkItems(long items, long records) {
        if (items < Math.min(25, records) || items > records) {
            throw new IllegalArgumentException(
                    "items must be from 25 (or all records, when fewer) to the number of records, got " + items);
        }
    }

    /** At least one violating percentage, each 0 to 100; an unmodifiable copy. */
    static List<Integer> checkedPercents(List<Integer> violatingPercents) {
        List<Integer> percents = List.copyOf(violatingPercents);
        if (percents.isEmpty()) {
            throw new IllegalArgumentException("give at least one violating percentage");
        }
        for (int percent : percents) {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("a violating percentage must be 0 to 100, got " + percent);
            }
        }
        return percents;
    }
}
