package dev.driftwatch.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * What the daemon's calls cost, added up by table, purpose and kind (read units, write units, requests), as
 * {@link MeteringInterceptor} computes it from each call. Thread-safe; new keys are announced to listeners (the
 * metrics registry registers a counter for each).
 */
public final class CostMeter {
    /** What is counted. */
    public enum Kind {
        READ_UNITS("read"),
        WRITE_UNITS("write"),
        REQUESTS("request");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One counter: the table (or stream, or topic) called, why, and what. */
    public record Key(String table, String purpose, Kind kind) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byPurpose = purpose.compareTo(other.purpose);
            if (byPurpose != 0) {
                return byPurpose;
            }
            int byTable = table.compareTo(other.table);
            return byTable != 0 ? byTable : kind.compareTo(other.kind);
        }
    }

    private final Map<Key, DoubleAdder> totals = new ConcurrentHashMap<>();
    private final List<BiConsumer<Key, DoubleAdder>> listeners = new CopyOnWriteArrayList<>();

    public void add(String table, String purpose, Kind kind, double amount) {
        Key key = new Key(table, purpose, kind);
        DoubleAdder total = totals.get(key);
        if (total == null) {
            DoubleAdder created = new DoubleAdder();
            total = totals.putIfAbsent(key, created);
            if (total == null) {
                total = created;
                for (BiConsumer<Key, DoubleAdder> listener : listeners) {
                    listener.accept(key, created);
                }
            }
        }
        total.add(amount);
    }

    /**
     * Calls {@code listener} for every key, now for those seen and later for each new one, with the key's running
     * total. The meter holds the total for good: a metrics registry that keeps only a weak reference to what it
     * reads (Micrometer's function counters do) reads it as long as the meter lives.
     */
    public void onEachKey(BiConsumer<Key, DoubleAdder> listener) {
        listeners.add(listener);
        for (Map.Entry<Key, DoubleAdder> entry : new ArrayList<>(totals.entrySet())) {
            listener.accept(entry.getKey(), entry.getValue());
        }
    }

    /** Every total so far, in purpose, table and kind order. */
    public Map<Key, Double> snapshot() {
        Map<Key, Double> snapshot = new TreeMap<>();
        totals.forEach((key, total) -> snapshot.put(key, total.sum()));
        return snapshot;
    }

    public double total(Predicate<Key> which) {
        double sum = 0;
        for (Map.Entry<Key, DoubleAdder> entry : totals.entrySet()) {
            if (which.test(entry.getKey())) {
                sum += entry.getValue().sum();
            }
        }
        return sum;
    }

    /** What was counted between {@code earlier} and {@code later}, two snapshots of this meter. */
    public static Map<Key, Double> between(Map<Key, Double> earlier, Map<Key, Double> later) {
        Map<Key, Double> difference = new TreeMap<>();
        later.forEach((key, total) -> difference.put(key, total - earlier.getOrDefault(key, 0.0)));
        return difference;
    }
}
