package dev.driftwatch.updater;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Contention made visible: conditional-check failures per key, attempts per operation, requests sent.
 * Thread-safe; one instance per updater.
 */
public final class ContentionStats {
    /** Attempt counts 1..15 kept exactly, 16 and more in the last bucket. */
    private static final int BUCKETS = 16;

    private final Map<String, LongAdder> conflictsByKey = new ConcurrentHashMap<>();
    private final AtomicLongArray attemptsHistogram = new AtomicLongArray(BUCKETS + 1);
    private final LongAdder requests = new LongAdder();
    private final LongAdder conflicts = new LongAdder();
    private final LongAdder operations = new LongAdder();

    /** A key and how many conditional-check failures it caused. */
    public record HotKey(String key, long conflicts) {}

    public void recordRequest() {
        requests.increment();
    }

    public void recordConflict(String key) {
        conflicts.increment();
        conflictsByKey.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public void recordOperation(int attempts) {
        operations.increment();
        attemptsHistogram.incrementAndGet(Math.min(Math.max(attempts, 1), BUCKETS));
    }

    /** DynamoDB requests sent by the updater (the SDK's own retries not included). */
    public long requests() {
        return requests.sum();
    }

    public long conflicts() {
        return conflicts.sum();
    }

    public long operations() {
        return operations.sum();
    }

    /** Operations that took exactly {@code attempts} attempts (16 means 16 or more). */
    public long operationsWithAttempts(int attempts) {
        return attemptsHistogram.get(Math.min(Math.max(attempts, 1), BUCKETS));
    }

    /** The keys with the most conditional-check failures, most first. */
    public List<HotKey> hotKeys(int limit) {
        return conflictsByKey.entrySet().stream()
                .map(e -> new HotKey(e.getKey(), e.getValue().sum()))
                .sorted(Comparator.comparingLong(HotKey::conflicts).reversed().thenComparing(HotKey::key))
                .limit(limit)
                .collect(Collectors.toList());
    }
}
