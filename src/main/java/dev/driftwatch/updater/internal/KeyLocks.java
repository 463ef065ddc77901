package dev.driftwatch.updater.internal;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Optionally, one versioned update per key at a time within this updater (fair striped locks): threads of one process
 * that share an updater then queue for a hot key locally instead of racing each other at DynamoDB. Writers in other
 * processes still race; the conditional write keeps them correct either way.
 */
public final class KeyLocks {
    private static final int STRIPES = 64;
    private final ReentrantLock[] stripes;

    private KeyLocks(boolean enabled) {
        this.stripes = enabled ? new ReentrantLock[STRIPES] : null;
        if (enabled) {
            for (int i = 0; i < STRIPES; i++) {
                stripes[i] = new ReentrantLock(true);
            }
        }
    }

    public static KeyLocks none() {
        return new KeyLocks(false);
    }

    public static KeyLocks perKey() {
        return new KeyLocks(true);
    }

    public <T> T serially(String key, Supplier<T> work) {
        if (stripes == null) {
            return work.get();
        }
        ReentrantLock lock = stripes[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
