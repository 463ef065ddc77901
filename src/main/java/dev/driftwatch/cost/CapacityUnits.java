package dev.driftwatch.cost;

/**
 * DynamoDB's request-unit arithmetic ("DynamoDB read and write operations"): a write unit per 1 KB of the item
 * written, rounded up; a read unit per 4 KB read, rounded up, half of it for an eventually consistent read;
 * transactional reads and writes twice that. Sizes in bytes; results in units (a half unit is possible).
 */
public final class CapacityUnits {
    static final long WRITE_UNIT_BYTES = 1024;
    static final long READ_UNIT_BYTES = 4096;

    private CapacityUnits() {}

    /** A standard write of an item of {@code bytes}: at least one unit. */
    public static double write(long bytes) {
        return Math.max(1, ceilDiv(bytes, WRITE_UNIT_BYTES));
    }

    public static double transactionalWrite(long bytes) {
        return 2 * write(bytes);
    }

    /** A read of {@code bytes} (one item, or a Query's or Scan's total): at least one unit before halving. */
    public static double read(long bytes, boolean consistent) {
        double units = Math.max(1, ceilDiv(bytes, READ_UNIT_BYTES));
        return consistent ? units : units / 2;
    }

    public static double transactionalRead(long bytes) {
        return 2 * read(bytes, true);
    }

    private static long ceilDiv(long bytes, long unit) {
        return (bytes + unit - 1) / unit;
    }
}
