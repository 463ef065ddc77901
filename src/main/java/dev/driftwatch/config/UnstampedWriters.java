package dev.driftwatch.config;

import dev.driftwatch.validation.Require;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the watched table's writers do when they stamp no version and no delta (a Django model with
 * {@code updated_at = auto_now}, say): the attribute every write sets ({@code writeMarker}), the counters every
 * write is meant to change, and, when known, the amounts a write moves a counter by.
 *
 * @param writeMarker the attribute every write changes, e.g. {@code updated_at}
 * @param counters attributes every write changes; a write that moved the marker but left one of them as it was
 *     computed its value from a read another write had already superseded
 * @param units the amounts a write may move a counter by (e.g. -1 and 1); empty when unknown
 */
public record UnstampedWriters(String writeMarker, List<String> counters, List<BigDecimal> units) {
    public UnstampedWriters {
        Require.notBlank("table.unstamped.writeMarker", writeMarker);
        Objects.requireNonNull(counters, "counters");
        counters = List.copyOf(counters);
        if (counters.isEmpty()) {
            throw new IllegalArgumentException(
                    "table.unstamped.counters: name at least one attribute every write changes");
        }
        counters.forEach(counter -> Require.notBlank("table.unstamped.counters", counter));
        if (counters.contains(writeMarker)) {
            throw new IllegalArgumentException(
                    "table.unstamped.counters: '" + writeMarker + "' is the write marker, not a counter");
        }
        units = List.copyOf(Objects.requireNonNull(units, "units"));
        for (BigDecimal unit : units) {
            if (unit.signum() == 0) {
                throw new IllegalArgumentException("table.unstamped.units: 0 moves nothing, got: " + units);
            }
        }
    }

    /** The one amount a write moves a counter by, when exactly one is declared: what each such write lost. */
    public Optional<BigDecimal> singleUnit() {
        return units.size() == 1 ? Optional.of(units.get(0)) : Optional.empty();
    }
}
