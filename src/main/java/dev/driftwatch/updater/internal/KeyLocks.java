package dev.driftwatch.updater.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Optionally, one versioned update per key at a time within this updater: threads of one process that share an
 * updater then queue for a hot key locally (a fair lock per key, dropped when nobody holds or waits for it) instead of
 * racing each other at DynamoDB. A thread never waits for another key's lock: an update nested in another's change
 * function runs unqueued, so that two nested updates in opposite orders cannot deadlock. Writers in other processes
 * still race; the conditional write keeps them correct either way.
 */
public final class KeyLocks {
    private static final class Lock {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }

    private final boolean enabled;
    private final Map<String, Lock> locks = new ConcurrentHashMap<>();
    private final ThreadLocal<String> holding = new ThreadLocal<>();
    private final KeyTurns turns = new KeyTurns();

    private KeyLocks(boolean enabled) {
        this.enabled = enabled;
    }

    public static KeyLocks none() {
        return new KeyLocks(false);
    }

    public static KeyLocks perKey() {
        return new KeyLocks(true);
    }

    public <T> T serially(String key, Supplier<T> work) {
        String held = holding.get();
        if (!enabled || (held != null && !held.equals(key))) {
            return work.get();
        }
        Lock entry = locks.compute(key, (k, existing) -> {
            Lock lock = existing == null ? new Lock() : existing;
            lock.users++;
            return lock;
        });
        entry.lock.lock();
        holding.set(key);
        try {
            return work.get();
        } finally {
            holding.set(held);
            entry.lock.unlock();
            locks.computeIfPresent(key, (k, lock) -> --lock.users == 0 ? null : lock);
        }
    }

    /** Fairness between this updater's threads on one key, whether they queue or not. */
    KeyTurns turns() {
        return turns;
    }

    /** Keys with a lock held or waited for (the others keep none). */
    int held() {
        return locks.size();
    }
}
