package dev.driftwatch.updater.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one updater remembers of the keys it wrote lately, for contention-aware pacing: how contended each key has
 * been (a score that grows by one per conflict and halves per success of ours, so a writer that keeps losing a key
 * backs off longer across calls, and the one that keeps winning does not back off at all), and the item as this
 * updater last wrote or saw it, so that its next {@code update} of the key can put at once instead of reading first
 * (a stale item costs a failed put, which returns the current item as a read would). Bounded: at most
 * {@code keys} keys, items only up to {@link #MAX_ITEM_BYTES}. Thread-safe; its knowledge is this updater's alone,
 * exactly as another process would have its own.
 */
public final class KeyMemory {
    public static final int MAX_ITEM_BYTES = 16 * 1024;
    private static final double MAX_SCORE = 16;

    private static final class Entry {
        double score;
        Map<String, AttributeValue> item;
    }

    private final int keys;
    private final Map<String, Entry> entries;

    public KeyMemory(int keys) {
        if (keys < 0) {
            throw new IllegalArgumentException("keys must be at least 0, got: " + keys);
        }
        this.keys = keys;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > KeyMemory.this.keys;
            }
        };
    }

    /** The item as last written or seen by this updater, if remembered. */
    public synchronized Optional<Map<String, AttributeValue>> item(String key) {
        Entry entry = entries.get(key);
        return entry == null || entry.item == null ? Optional.empty() : Optional.of(entry.item);
    }

    /** Remembers the item (absent: forgets it), when small enough. */
    public synchronized void seen(String key, Optional<Map<String, AttributeValue>> item) {
        Entry entry = entry(key);
        if (entry == null) {
            return;
        }
        try {
            entry.item = item.map(KeyMemory::withoutNulls)
                    .filter(i -> bytes(i) <= MAX_ITEM_BYTES)
                    .orElse(null);
        } catch (RuntimeException e) {
            // Whatever the item holds, remembering it must never fail a write that landed: forget it instead.
            entry.item = null;
        }
    }

    /** The item without attributes set to null (the SDK sends none of them, so the table has none). */
    private static Map<String, AttributeValue> withoutNulls(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = new java.util.HashMap<>();
        item.forEach((name, value) -> {
            if (name != null && value != null) {
                copy.put(name, value);
            }
        });
        return Map.copyOf(copy);
    }

    public synchronized void conflict(String key) {
        Entry entry = entry(key);
        if (entry != null) {
            entry.score = Math.min(MAX_SCORE, entry.score + 1);
        }
    }

    public synchronized void success(String key) {
        Entry entry = entry(key);
        if (entry != null) {
            entry.score /= 2;
        }
    }

    /** How many doublings this key's recent conflicts add to the backoff. */
    public synchronized int heat(String key) {
        Entry entry = entries.get(key);
        return entry == null ? 0 : (int) entry.score;
    }

    private Entry entry(String key) {
        return keys == 0 ? null : entries.computeIfAbsent(key, k -> new Entry());
    }

    /** A bound on the item's size as DynamoDB counts it (names and values), good enough to cap memory. */
    static long bytes(Map<String, AttributeValue> item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            total += attribute.getKey().length() * 3L + bytes(attribute.getValue());
        }
        return total;
    }

    private static long bytes(AttributeValue value) {
        if (value.s() != null) {
            return value.s().length() * 3L;
        }
        if (value.n() != null) {
            return value.n().length();
        }
        if (value.b() != null) {
            return value.b().asByteArrayUnsafe().length;
        }
        if (value.hasM()) {
            return 3 + bytes(value.m());
        }
        if (value.hasL()) {
            return 3 + sum(value.l());
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(s -> s.length() * 3L).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToLong(String::length).sum();
        }
        if (value.hasBs()) {
            return value.bs().stream()
                    .mapToLong(b -> b.asByteArrayUnsafe().length)
                    .sum();
        }
        return 1;
    }

    private static long sum(List<AttributeValue> values) {
        long total = 0;
        for (AttributeValue value : values) {
            total += bytes(value) + 1;
        }
        return total;
    }
}
