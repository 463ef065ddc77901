package dev.driftwatch.updater.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyLocksTest {
    @Test
    void serially_anotherKeyHeld_doesNotWaitForIt() throws Exception {
        KeyLocks locks = KeyLocks.perKey();
        assertEquals("Aa".hashCode(), "BB".hashCode(), "two keys that a striped lock would share");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            pool.submit(() -> locks.serially("Aa", () -> {
                held.countDown();
                await(release);
                return 1;
            }));
            assertTrue(held.await(10, TimeUnit.SECONDS));
            Future<Integer> other = pool.submit(() -> locks.serially("BB", () -> 2));
            assertEquals(2, other.get(10, TimeUnit.SECONDS), "BB ran while Aa was held");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void serially_nestedUpdatesOfTwoKeysInOppositeOrder_bothFinish() throws Exception {
        KeyLocks locks = KeyLocks.perKey();
        CountDownLatch bothInside = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> locks.serially("X", () -> {
                bothInside.countDown();
                await(bothInside);
                return locks.serially("Y", () -> "xy");
            }));
            Future<String> second = pool.submit(() -> locks.serially("Y", () -> {
                bothInside.countDown();
                await(bothInside);
                return locks.serially("X", () -> "yx");
            }));
            assertEquals("xy", first.get(10, TimeUnit.SECONDS), "no deadlock");
            assertEquals("yx", second.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void serially_sameKeyFromManyThreads_oneAtATimeAndNothingKeptAfterwards() throws Exception {
        KeyLocks locks = KeyLocks.perKey();
        int[] inside = {0};
        int[] most = {0};
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 200; i++) {
                int n = i;
                pool.submit(() -> locks.serially("hot" + (n % 2), () -> {
                    synchronized (inside) {
                        inside[0]++;
                        most[0] = Math.max(most[0], inside[0]);
                    }
                    Thread.yield();
                    synchronized (inside) {
                        inside[0]--;
                    }
                    return n;
                }));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertTrue(most[0] <= 2, "at most one per key, two keys: " + most[0]);
        assertEquals(0, locks.held(), "no lock kept for a key nobody holds");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
