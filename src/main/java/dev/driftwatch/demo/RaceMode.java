package dev.driftwatch.demo;

import java.util.Locale;

/** How the race's writers write. */
public enum RaceMode {
    /** Read, compute, unconditional write: loses updates. */
    UNSAFE,
    /** The updater's optimistic locking: read, compute, write on the version read, retry on conflict. */
    SAFE_VERSIONED,
    /** The updater's guarded atomic adjustment: one UpdateItem, no read. */
    SAFE_ATOMIC;

    /** The name on the command line: {@code unsafe}, {@code safe-versioned}, {@code safe-atomic}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static RaceMode parse(String label) {
        for (RaceMode mode : values()) {
            if (mode.label().equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected one of unsafe, safe-versioned, safe-atomic, got: '" + label + "'");
    }
}
