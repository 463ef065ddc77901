package dev.driftwatch.config;

import dev.driftwatch.validation.Require;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the watched table's writers do when they stamp no version and no delta (a Django model with
 * {@code updated_at = auto_now}, say): the attribute every write sets ({@code writeMarker}), the counters they
 * compute from what they read, and, when known, the amounts a write moves a counter by.
 *
 * <p>Two checks follow from it. {@code counter-unchanged} (a rule) needs the marker and counters that change on
 * every write: a write that moved the marker but kept a counter computed it from a superseded read. {@code
 * stale-base} (a check with a window of each item's recent values) needs the units: a new value that is a unit away
 * from a value the item held before, but not from the one it held just before the write, was computed from that
 * older read.
 *
 * @param writeMarker the attribute every write changes, e.g. {@code updated_at}; empty when the writers set none
 * @param counters the numbers these writers compute from what they read
 * @param units the amounts a write may move a counter by (e.g. -1 and 1); empty when unknown
 * @param countersAlwaysChange every write changes every counter (false when some writes touch only other
 *     attributes, e.g. a rename that sets {@code updated_at} and {@code name})
 */
public record UnstampedWriters(
        Optional<String> writeMarker, List<String> counters, List<BigDecimal> units, boolean countersAlwaysChange) {
    public UnstampedWriters {
        Objects.requireNonNull(writeMarker, "writeMarker");
        writeMarker.ifPresent(marker -> Require.notBlank("table.unstamped.writeMarker", marker));
        Objects.requireNonNull(counters, "counters");
        counters = List.copyOf(counters);
        if (counters.isEmpty()) {
            throw new IllegalArgumentException(
                    "table.unstamped.counters: name at least one attribute these writers compute");
        }
        counters.forEach(counter -> Require.notBlank("table.unstamped.counters", counter));
        if (writeMarker.isPresent() && counters.contains(writeMarker.get())) {
            throw new IllegalArgumentException(
                    "table.unstamped.counters: '" + writeMarker.get() + "' is the write marker, not a counter");
        }
        List<BigDecimal> distinct = new ArrayList<>();
        for (BigDecimal unit : Objects.requireNonNull(units, "units")) {
            if (unit.signum() == 0) {
                throw new IllegalArgumentException("table.unstamped.units: 0 moves nothing, got: " + units);
            }
            BigDecimal magnitude = unit.abs();
            if (magnitude.compareTo(SMALLEST) < 0
                    || magnitude.compareTo(TOO_LARGE) >= 0
                    || unit.stripTrailingZeros().precision() > 38) {
                throw new IllegalArgumentException("table.unstamped.units: " + unit.toString()
                        + " is no number DynamoDB holds (1E-130 to 9.99…E+125, 38 digits)");
            }
            if (distinct.stream().noneMatch(known -> known.compareTo(unit) == 0)) {
                distinct.add(unit); // -1 and -1.0 are one unit: singleUnit() must still see one
            }
        }
        units = List.copyOf(distinct);
        if (units.isEmpty() && !(writeMarker.isPresent() && countersAlwaysChange)) {
            throw new IllegalArgumentException(
                    writeMarker.isPresent()
                            ? "table.unstamped.units: required with countersAlwaysChange: false (counter-unchanged is off,"
                                    + " stale-base needs the amounts a write moves a counter by)"
                            : "table.unstamped: nothing to check: give units (what a write moves a counter by), or a"
                                    + " writeMarker with counters that change on every write");
        }
    }

    private static final BigDecimal SMALLEST = new BigDecimal("1E-130");
    private static final BigDecimal TOO_LARGE = new BigDecimal("1E+126");

    /** Writers that set {@code writeMarker} on every write and change every counter with it. */
    public UnstampedWriters(String writeMarker, List<String> counters, List<BigDecimal> units) {
        this(Optional.of(Objects.requireNonNull(writeMarker, "writeMarker")), counters, units, true);
    }

    /** The one amount a write moves a counter by, when exactly one is declared: what each such write lost. */
    public Optional<BigDecimal> singleUnit() {
        return units.size() == 1 ? Optional.of(units.get(0)) : Optional.empty();
    }

    /** {@code counter-unchanged} applies: a marker every write moves, counters every write changes. */
    public boolean counterUnchanged() {
        return writeMarker.isPresent() && countersAlwaysChange;
    }

    /** {@code stale-base} applies: the units a write moves a counter by are known. */
    public boolean staleBase() {
        return !units.isEmpty();
    }
}
