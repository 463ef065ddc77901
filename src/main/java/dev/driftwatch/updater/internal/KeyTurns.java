package dev.driftwatch.updater.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Fairness between the threads of one updater on one key, queued or not. A call that has lost a key many times in
 * a row takes the key's turn: while it holds it, the other calls of this updater on that key wait before their next
 * put, as long as the holder's put is in flight and one backoff ceiling after it (so that no wait is unbounded and
 * nested updates cannot deadlock), and the call holding the turn puts again at once on the item its failed put
 * returned, for at most a few puts (a writer in another process may keep winning): then it gives the turn back for
 * good and paces like any other call. Without it a thread that kept winning a hot key, holding the item it had just
 * written, starved the others (an update lost 200 times in a row; {@code ConditionalUpdaterIT}). Writers in other
 * processes are not held: they still meet at DynamoDB's condition.
 */
final class KeyTurns {
    /** Who holds a key's turn and how many calls wait for it. */
    private static final class Turn {
        final Thread holder;
        int waiting;
        /** Whether the holder's put is in flight, and when it last started or finished one. */
        boolean putting;

        long activeAt = System.nanoTime();

        Turn(Thread holder) {
            this.holder = holder;
        }
    }

    private final Map<String, Turn> turns = new HashMap<>();

    /** One call's claim on a key's turn: taken at most once, given back when the call returns. */
    final class Claim implements AutoCloseable {
        private final String key;
        private boolean held;
        private boolean spent;

        private Claim(String key) {
            this.key = key;
        }

        /** Takes the key's turn; false when another call holds it (then this one waits like the others). */
        boolean take() {
            synchronized (KeyTurns.this) {
                if (!held && !spent && !turns.containsKey(key)) {
                    turns.put(key, new Turn(Thread.currentThread()));
                    held = true;
                }
                return held;
            }
        }

        boolean held() {
            return held;
        }

        /** Whether calls of other threads wait for the turn this call holds. */
        boolean othersWaiting() {
            synchronized (KeyTurns.this) {
                Turn turn = turns.get(key);
                return held && turn != null && turn.waiting > 0;
            }
        }

        /** Marks the holder's put in flight ({@code true}) or done: the waiters keep waiting while it progresses. */
        void putting(boolean inFlight) {
            if (!held) {
                return;
            }
            synchronized (KeyTurns.this) {
                Turn turn = turns.get(key);
                if (turn != null) {
                    turn.putting = inFlight;
                    turn.activeAt = System.nanoTime();
                    KeyTurns.this.notifyAll();
                }
            }
        }

        /** Gives the turn back for good: this call will not take it again (its immediate puts are spent). */
        void spend() {
            spent = true;
            close();
        }

        @Override
        public void close() {
            if (held) {
                synchronized (KeyTurns.this) {
                    turns.remove(key);
                    held = false;
                    KeyTurns.this.notifyAll();
                }
            }
        }
    }

    /** A claim for one call on {@code key}, holding nothing yet. */
    Claim claim(String key) {
        return new Claim(key);
    }

    /**
     * Waits while another thread holds the key's turn and uses it: while its put is in flight, or until
     * {@code limit} has passed since it last started or finished one; true when it waited. The wait is bounded: the
     * holder makes a few puts at most, each bounded by the SDK's timeouts, and a holder that puts nothing (it waits
     * itself, in a nested update) is waited for {@code limit} only. A slow endpoint no longer cut the wait short
     * while the holder's put was still on the wire (the others then raced it again). A thread never waits for its
     * own turn (an update nested in its own change function).
     */
    synchronized boolean awaitTurn(String key, Duration limit) {
        Turn turn = turns.get(key);
        if (turn == null || turn.holder == Thread.currentThread()) {
            return false;
        }
        turn.waiting++;
        try {
            while (turns.get(key) == turn) {
                if (turn.putting) {
                    wait(Math.max(1, limit.toMillis())); // its put is on the wire: it is making progress
                    continue;
                }
                long left = turn.activeAt + limit.toNanos() - System.nanoTime();
                if (left <= 0) {
                    break; // the holder has done nothing for a while (e.g. it waits itself, nested): go on
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another update of the same key", e);
        } finally {
            turn.waiting--;
        }
        return true;
    }

    /** Keys whose turn is held (for tests: none once every call has returned). */
    synchronized int held() {
        return turns.size();
    }
}
