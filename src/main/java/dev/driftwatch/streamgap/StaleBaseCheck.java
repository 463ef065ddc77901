package dev.driftwatch.streamgap;

import dev.driftwatch.config.UnstampedWriters;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import dev.driftwatch.rule.Violation;
import dev.driftwatch.validation.Require;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stale-base check, for writers that stamp nothing but move a counter by known units (issue 22): per item, a
 * window of the values each counter held, newest last. A MODIFY whose new value is a unit away from a value the
 * item held before (superseded) and not from the value it held just before this write was computed from that older
 * read: another write landed between this write's read and its write, and this write undid it. Elle infers what a
 * write read in the same way. {@code lostUnits = superseded − old}: what the undone writes had moved.
 *
 * <p>Rules stay pure, so the window lives here, beside the stream-gap state, in memory: at most {@code capacity}
 * items (the least recently seen dropped first), {@link #WINDOW} values per counter. What it does not judge: an
 * item's first record after a start, a restart or an eviction (no window yet), a record whose old value is not the
 * window's newest (a record this worker did not see came between: the window starts again from it), a write that
 * left the counter as it was ({@code counter-unchanged}'s), and a new value no declared unit explains (a restock,
 * an administrator's correction). Like the stream-gap check it works in two steps: {@link #check} reads the windows,
 * {@link Batch#commit} keeps the new ones once the batch's findings are stored, so a retried batch finds the same.
 *
 * <p>With one declared unit the value a write read is known from what it wrote ({@code new − unit}); the window is the
 * evidence that the item did hold that value, which keeps a write of another kind (a restock to an arbitrary value)
 * from being taken for a stale one.
 */
public final class StaleBaseCheck {
    /**
     * Distinct values kept per item and counter, each at the place it was last held: a stale read of a value not
     * held since this many other values is not recognised.
     */
    public static final int WINDOW = 8;

    private final UnstampedWriters writers;
    private final Map<String, Window> windows;

    /** An item's recent counter values, newest last, as of the record {@code sequenceNumber}. */
    private record Window(String sequenceNumber, Map<String, List<BigDecimal>> values, boolean removed) {
        Window {
            values = Map.copyOf(values);
        }

        List<BigDecimal> of(String counter) {
            return values.getOrDefault(counter, List.of());
        }
    }

    /** One record found to be computed from a superseded value. */
    public record Inference(ChangeRecord record, Violation violation) {
        public Inference {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(violation, "violation");
        }
    }

    /** The inferences of a batch and the windows to keep once its findings are stored. */
    public final class Batch {
        private final List<Inference> inferences;
        private final Map<String, Window> latest;

        private Batch(List<Inference> inferences, Map<String, Window> latest) {
            this.inferences = List.copyOf(inferences);
            this.latest = latest;
        }

        public List<Inference> inferences() {
            return inferences;
        }

        /**
         * Keeps each item's new window, unless the item already holds a later one (a batch of a lost lease that
         * committed late, after this worker read on from the lease taken back): a window never moves back. A removed
         * item's window is dropped.
         */
        public void commit() {
            synchronized (windows) {
                latest.forEach((key, window) -> {
                    Window held = windows.get(key);
                    if (held != null && !later(window.sequenceNumber(), held.sequenceNumber())) {
                        return;
                    }
                    if (window.removed()) {
                        windows.remove(key);
                    } else {
                        windows.put(key, window);
                    }
                });
            }
        }
    }

    /**
     * @param capacity items whose windows are kept at most
     * @throws IllegalArgumentException when {@code writers} declares no units
     */
    public StaleBaseCheck(UnstampedWriters writers, int capacity) {
        this.writers = Objects.requireNonNull(writers, "writers");
        if (!writers.staleBase()) {
            throw new IllegalArgumentException(
                    "stale-base needs table.unstamped.units: what a write moves a counter by");
        }
        Require.positive("capacity", capacity);
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > capacity;
            }
        };
    }

    public Batch check(List<ChangeRecord> records) {
        Map<String, Window> latest = new LinkedHashMap<>();
        List<Inference> inferences = new ArrayList<>();
        for (ChangeRecord record : records) {
            String key = record.itemKey();
            Window window = latest.containsKey(key) ? latest.get(key) : known(key);
            if (window != null && !later(record.sequenceNumber(), window.sequenceNumber())) {
                continue; // redelivered: judged when it came first
            }
            if (record.eventName() == EventName.REMOVE) {
                latest.put(key, new Window(record.sequenceNumber(), Map.of(), true));
                continue;
            }
            Map<String, List<BigDecimal>> next = new LinkedHashMap<>();
            Optional<Violation> violation = Optional.empty();
            for (String counter : writers.counters()) {
                List<BigDecimal> values = window == null ? List.of() : window.of(counter);
                Step step = step(record, counter, values);
                next.put(counter, step.values());
                // Of several counters, the first whose loss is known; else the first.
                if (step.violation().isPresent()
                        && (violation.isEmpty()
                                || (violation.get().lostUnits().isEmpty()
                                        && step.violation().get().lostUnits().isPresent()))) {
                    violation = step.violation();
                }
            }
            latest.put(key, new Window(record.sequenceNumber(), next, false));
            violation.ifPresent(v -> inferences.add(new Inference(record, v)));
        }
        return new Batch(inferences, latest);
    }

    /** Items whose window is held now (for tests and the bound). */
    public int size() {
        synchronized (windows) {
            return windows.size();
        }
    }

    private Window known(String key) {
        synchronized (windows) {
            return windows.get(key);
        }
    }

    private record Step(List<BigDecimal> values, Optional<Violation> violation) {}

    private Step step(ChangeRecord record, String counter, List<BigDecimal> values) {
        Optional<BigDecimal> newValue = record.newNumber(counter);
        if (record.eventName() != EventName.MODIFY || record.oldNumber(counter).isEmpty() || newValue.isEmpty()) {
            return new Step(newValue.map(List::of).orElse(List.of()), Optional.empty());
        }
        BigDecimal before = record.oldNumber(counter).get();
        BigDecimal after = newValue.get();
        if (values.isEmpty() || !same(values.get(values.size() - 1), before)) {
            // No window, or a change this worker did not see came between: start again from this record.
            return new Step(same(before, after) ? List.of(before) : List.of(before, after), Optional.empty());
        }
        if (same(before, after)) {
            return new Step(values, Optional.empty());
        }
        List<BigDecimal> next = new ArrayList<>(values);
        next.removeIf(value -> same(value, after)); // distinct values, each where it was last held
        next.add(after);
        while (next.size() > WINDOW) {
            next.remove(0);
        }
        if (oneUnitFrom(before, after)) {
            return new Step(List.copyOf(next), Optional.empty());
        }
        List<BigDecimal> bases = new ArrayList<>();
        for (int i = values.size() - 2; i >= 0; i--) {
            BigDecimal superseded = values.get(i);
            if (oneUnitFrom(superseded, after) && bases.stream().noneMatch(base -> same(base, superseded))) {
                bases.add(superseded);
            }
        }
        if (bases.isEmpty()) {
            return new Step(List.copyOf(next), Optional.empty());
        }
        return new Step(List.copyOf(next), Optional.of(violation(record, counter, before, after, bases)));
    }

    private Violation violation(
            ChangeRecord record, String counter, BigDecimal before, BigDecimal after, List<BigDecimal> bases) {
        String units = String.join(
                ", ", writers.units().stream().map(BigDecimal::toPlainString).toList());
        String from = bases.size() == 1
                ? bases.get(0).toPlainString() + ", a value " + counter + " held before "
                : "one of "
                        + String.join(
                                ", ",
                                bases.stream().map(BigDecimal::toPlainString).toList()) + ", values " + counter
                        + " held before ";
        // With one declared unit the value the write read is known (new − unit) and so is its loss; with several, a
        // base found may be one of many the write could have read (±1: 12 → 19 fits 18 + 1, and 20 − 1 had 20 still
        // been held): no amount is claimed.
        Optional<BigDecimal> lost = bases.size() == 1 && writers.singleUnit().isPresent()
                ? Optional.of(bases.get(0).subtract(before))
                : Optional.empty();
        String message = counter + " went " + before.toPlainString() + " → " + after.toPlainString()
                + ", which no write moving it by " + units + " makes from " + before.toPlainString() + ", but one makes"
                + " from " + from + before.toPlainString() + ": this write computed " + after.toPlainString()
                + " from a read another write had already superseded, and undid it (inferred: these writers stamp no"
                + " version)"
                + lost.map(l -> " (lostUnits " + l.toPlainString() + ")").orElse("");
        return new Violation(message, FindingClass.LOST_UPDATE, lost);
    }

    private static boolean later(String sequenceNumber, String than) {
        return ItemState.sortable(sequenceNumber).compareTo(ItemState.sortable(than)) > 0;
    }

    private boolean oneUnitFrom(BigDecimal base, BigDecimal value) {
        for (BigDecimal unit : writers.units()) {
            if (same(base.add(unit), value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) == 0;
    }
}
