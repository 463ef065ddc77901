package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.config.UnstampedWriters;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import dev.driftwatch.record.Image;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * For writers that stamp nothing (issue 22): a MODIFY that moved the write marker (e.g. {@code updated_at}) but
 * left a counter that every write changes as it was. Two requests read {@code quantity = 10}, each writes
 * {@code quantity = 9}: DynamoDB records {@code 10 → 9} for the first and, for the second, only because
 * {@code updated_at} changed, {@code 9 → 9}. The second computed 9 from a read the first had superseded: a lost
 * update, inferred rather than proven (no version says which read it was, and an application's own retry of a
 * save looks the same), so the message says so and its default severity is ERROR, a step below LOST_UPDATE's.
 * With one declared unit (each write moves the counter by it), {@code lostUnits} is what the write lost.
 */
final class CounterUnchangedRule implements Rule {
    static final String ID = "counter-unchanged";

    private final UnstampedWriters writers;
    private final String marker;

    CounterUnchangedRule(TableConfig table) {
        this.writers = table.unstamped()
                .filter(UnstampedWriters::counterUnchanged)
                .orElseThrow(() -> new IllegalArgumentException(
                        ID + " needs table.unstamped: the write marker and the counters every write changes"));
        this.marker = writers.writeMarker().orElseThrow();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        if (record.eventName() != EventName.MODIFY
                || record.oldImage().isEmpty()
                || record.newImage().isEmpty()) {
            return Optional.empty();
        }
        Image before = record.oldImage().get();
        Image after = record.newImage().get();
        Optional<Object> oldMarker = value(before, marker);
        Optional<Object> newMarker = value(after, marker);
        if (oldMarker.isEmpty() || newMarker.isEmpty() || newMarker.equals(oldMarker)) {
            // not a write of these writers, the first to set the marker (a backfill), or one that did not move it
            return Optional.empty();
        }
        for (String counter : writers.counters()) {
            Optional<Object> oldValue = value(before, counter);
            Optional<Object> newValue = value(after, counter);
            if (oldValue.isPresent() && oldValue.equals(newValue)) {
                Optional<BigDecimal> lost = writers.singleUnit().map(BigDecimal::negate);
                String units = lost.map(u -> "; each write moves it by "
                                + writers.singleUnit().orElseThrow().toPlainString() + ", so that much of this"
                                + " write is missing (lostUnits " + u.toPlainString() + ")")
                        .orElse("");
                return Optional.of(new Violation(
                        marker + " moved " + before.describe(marker) + " → " + after.describe(marker) + " but "
                                + counter + " stayed " + after.describe(counter) + ": every write changes " + counter
                                + ", so this one computed " + after.describe(counter)
                                + " from a read another write had already superseded (inferred: these writers stamp"
                                + " no version)" + units,
                        FindingClass.LOST_UPDATE,
                        lost));
            }
        }
        return Optional.empty();
    }

    /** A number by its value (5 and 5.0 are one number), a string as it is; empty when missing or another type. */
    private static Optional<Object> value(Image image, String attribute) {
        Optional<BigDecimal> number = image.number(attribute);
        if (number.isPresent()) {
            return Optional.of(number.get().stripTrailingZeros());
        }
        return image.string(attribute).map(Objects::requireNonNull);
    }
}
