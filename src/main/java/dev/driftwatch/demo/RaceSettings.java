package dev.driftwatch.demo;

import java.time.Duration;

/** How big a race to run. */
public record RaceSettings(
        RaceMode mode, int writers, int ops, int items, long initialQuantity, Duration catchUpTimeout) {
    public RaceSettings {
        java.util.Objects.requireNonNull(mode, "mode");
        if (writers < 1 || writers > 256) {
            throw new IllegalArgumentException("writers must be 1 to 256, got: " + writers);
        }
        if (ops < 1 || ops > 1_000_000) {
            throw new IllegalArgumentException("ops must be 1 to 1000000, got: " + ops);
        }
        if (items < 1 || items > 10_000) {
            throw new IllegalArgumentException("items must be 1 to 10000, got: " + items);
        }
        if (initialQuantity < 0) {
            throw new IllegalArgumentException("initialQuantity must not be negative, got: " + initialQuantity);
        }
    }
}
