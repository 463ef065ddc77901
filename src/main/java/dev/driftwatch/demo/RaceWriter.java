package dev.driftwatch.demo;

/** One writer of the race. */
interface RaceWriter {
    /** Applies {@code delta} to the item's quantity; false when the write did not apply. */
    boolean adjust(String itemKey, long delta);
}
