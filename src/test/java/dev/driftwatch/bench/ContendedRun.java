package dev.driftwatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** The contention benchmarks' loop: writers on a pool until a number of operations applied. */
final class ContendedRun {
    private ContendedRun() {}

    /**
     * Runs {@code operation} on {@code threads} threads until {@code updates} applied; returns
     * seconds. An operation that does not apply stops the run with {@code failure}.
     */
    static double seconds(int threads, int updates, Callable<Boolean> operation, String failure) throws Exception {
        AtomicLong remaining = new AtomicLong(updates);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<Void>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (remaining.getAndDecrement() > 0) {
                    if (!operation.call()) {
                        throw new IllegalStateException(failure);
                    }
                }
                return null;
            }));
        }
        for (Future<Void> future : futures) {
            future.get();
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }
}
