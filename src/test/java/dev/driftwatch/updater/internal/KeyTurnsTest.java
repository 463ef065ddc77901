package dev.driftwatch.updater.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyTurnsTest {
    private final KeyTurns turns = new KeyTurns();

    @Test
    void take_keyHeldByAnotherCall_falseAndTheHolderKeepsIt() throws Exception {
        KeyTurns.Claim first = turns.claim("hot");
        assertTrue(first.take());
        boolean secondTook =
                CompletableFuture.supplyAsync(() -> turns.claim("hot").take()).get(5, TimeUnit.SECONDS);
        assertFalse(secondTook);
        assertTrue(turns.claim("other").take(), "another key has a turn of its own");
        first.close();
        assertEquals(1, turns.held(), "only the other key's turn is left");
    }

    @Test
    void awaitTurn_ownTurnOrNone_returnsAtOnceWithoutWaiting() {
        assertFalse(turns.awaitTurn("hot", Duration.ofSeconds(30)), "nobody holds it");
        KeyTurns.Claim mine = turns.claim("hot");
        mine.take();
        assertFalse(turns.awaitTurn("hot", Duration.ofSeconds(30)), "a nested update never waits for its own call");
        assertFalse(turns.claim("hot").take(), "the nested call does not take the turn again");
        mine.close();
        assertEquals(0, turns.held());
    }

    /** Runs {@code holding} on a thread that holds the key's turn; returns how long a waiter with {@code limit} waited. */
    private long waitedMillis(Duration limit, java.util.function.Consumer<KeyTurns.Claim> holding) throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong takenAt = new java.util.concurrent.atomic.AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            KeyTurns.Claim claim = turns.claim("hot");
            claim.take();
            takenAt.set(System.nanoTime());
            taken.countDown();
            holding.accept(claim);
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            claim.close();
        });
        holder.start();
        taken.await();
        assertTrue(turns.awaitTurn("hot", limit));
        long waited = (System.nanoTime() - takenAt.get()) / 1_000_000;
        done.countDown();
        holder.join();
        assertEquals(0, turns.held());
        return waited;
    }

    @Test
    void awaitTurn_holderIdle_waitsNoLongerThanTheLimit() throws Exception {
        long waited = waitedMillis(Duration.ofMillis(50), claim -> {});
        assertTrue(waited >= 45 && waited < 5_000, "waited " + waited + " ms for a 50 ms limit");
    }

    @Test
    void awaitTurn_holderPutInFlightLongerThanTheLimit_waitsUntilItLands() throws Exception {
        long waited = waitedMillis(Duration.ofMillis(50), claim -> {
            claim.putting(true);
            try {
                Thread.sleep(300); // a slow endpoint
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            claim.putting(false);
        });
        assertTrue(waited >= 340 && waited < 5_000, "waited " + waited + " ms: the put's 300 ms, then the 50 ms limit");
    }

    /** Another thread waiting (60 s at most) for the turn {@code claim} holds, once the holder sees it wait. */
    private CompletableFuture<Boolean> waiterOn(KeyTurns.Claim claim) throws InterruptedException {
        CompletableFuture<Boolean> waiter =
                CompletableFuture.supplyAsync(() -> turns.awaitTurn("hot", Duration.ofSeconds(60)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!claim.othersWaiting() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return waiter;
    }

    @Test
    void awaitTurn_holderGivesBack_waiterWakesAndHolderSawItWaiting() throws Exception {
        KeyTurns.Claim claim = turns.claim("hot");
        claim.take();
        assertFalse(claim.othersWaiting());
        CompletableFuture<Boolean> waiter = waiterOn(claim);
        assertTrue(claim.othersWaiting());
        claim.close();
        assertTrue(waiter.get(10, TimeUnit.SECONDS), "woken by the give-back, long before its 60 s limit");
        assertFalse(claim.othersWaiting());
    }

    @Test
    void spend_turnHeld_givenBackForGoodAndNotTakenAgain() throws Exception {
        KeyTurns.Claim claim = turns.claim("hot");
        assertTrue(claim.take());
        CompletableFuture<Boolean> waiter = waiterOn(claim);
        claim.spend();
        assertTrue(waiter.get(10, TimeUnit.SECONDS), "the waiter is woken when the turn is spent");
        assertFalse(claim.take(), "a call whose immediate puts are spent does not take the turn again");
        assertFalse(claim.held());
        assertEquals(0, turns.held());
        assertTrue(turns.claim("hot").take(), "another call may take it");
    }
}
