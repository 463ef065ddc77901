package dev.driftwatch.demo;

import java.util.Locale;

/** How the race's writers write. */
public enum RaceMode {
    /** Read, compute, unconditional write: loses updates. */
    UNSAFE,
    /** The updater's optimistic locking: read, compute, write on the version read, retry on conflict. */
    SAFE_VERSIONED,
    /** The updater's guarded atomic adjustment: one UpdateItem, no read. */
    SAFE_ATOMIC,
    /** A plain atomic adjustment whose responses are sometimes lost after it landed: the SDK's retry applies it twice. */
    UNSAFE_RETRY,
    /** The updater's idempotent adjustment in the same setting: each operation applies once. */
    IDEMPOTENT_RETRY,
    /** Each item a sharded counter; read, compute, unconditional write on a random shard: loses updates per shard. */
    UNSAFE_SHARDED,
    /** Each item a sharded counter adjusted through the updater's ShardedCounter: loses nothing. */
    SAFE_SHARDED,
    /**
     * The seed's naive code (issue 22): read, compute, write quantity and updated_at, no version, no delta, no
     * condition; one item beside them is written only by the guarded conditional decrement.
     */
    UNSAFE_UNSTAMPED;

    /** Shards per item in the sharded modes. */
    public static final int SHARDS = 4;

    /** The name on the command line: {@code unsafe}, {@code safe-versioned}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Writers that get the table wrong: the demo passes when driftwatch accounts for every unit. */
    public boolean corruptsStock() {
        return this == UNSAFE || this == UNSAFE_RETRY || this == UNSAFE_SHARDED || this == UNSAFE_UNSTAMPED;
    }

    /** Items are sharded counters: accounting sums each logical item's shards. */
    public boolean sharded() {
        return this == UNSAFE_SHARDED || this == SAFE_SHARDED;
    }

    /** Writers that talk to the endpoint through a proxy that drops a share of responses. */
    public boolean losesResponses() {
        return this == UNSAFE_RETRY || this == IDEMPOTENT_RETRY;
    }

    public static RaceMode parse(String label) {
        for (RaceMode mode : values()) {
            if (mode.label().equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected one of unsafe, safe-versioned, safe-atomic, unsafe-retry, "
                + "idempotent-retry, unsafe-sharded, safe-sharded, unsafe-unstamped, got: '" + label + "'");
    }
}
