package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;

/** Takes newly stored findings at or above the alert threshold; delivery happens elsewhere, later. */
public interface AlertQueue extends AutoCloseable {
    AlertQueue NONE = finding -> {};

    void offer(Finding finding);

    /** Delivers what it can within its own deadline; what is left stays pending in the outbox. */
    @Override
    default void close() {}
}
