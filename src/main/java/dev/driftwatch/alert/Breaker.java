package dev.driftwatch.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * One sink's circuit breaker. Closed, every alert is tried. After {@code tripAfter} alerts in a row that failed every
 * retry it opens for {@code openFor}: the sink's alerts are not tried and stay pending in the outbox. Then one alert
 * probes it; a success closes it, a failure opens it again for twice as long, up to {@code maxOpenFor}.
 */
final class Breaker {
    private final int tripAfter;
    private final Duration firstOpenFor;
    private final Duration maxOpenFor;

    private int failuresInARow;
    private Duration openFor;
    private Instant openUntil = Instant.MIN;
    private boolean probing;

    Breaker(int tripAfter, Duration openFor, Duration maxOpenFor) {
        if (tripAfter < 1) {
            throw new IllegalArgumentException("tripAfter must be at least 1, got: " + tripAfter);
        }
        this.tripAfter = tripAfter;
        this.firstOpenFor = openFor;
        this.maxOpenFor = maxOpenFor;
        this.openFor = openFor;
    }

    /** Whether an alert may be tried now; past an open spell, the first asker is the probe and the others wait. */
    synchronized boolean allows(Instant now) {
        if (failuresInARow < tripAfter && !probing) {
            return true;
        }
        if (probing || now.isBefore(openUntil)) {
            return false;
        }
        probing = true;
        return true;
    }

    /** Open now: the sink's alerts are left pending, not tried (the resumer does not take them up for it). */
    synchronized boolean isOpen(Instant now) {
        return failuresInARow >= tripAfter && (probing || now.isBefore(openUntil));
    }

    /** A probe that came to no verdict (the alert was another worker's by then): the next alert probes. */
    synchronized void noVerdict() {
        probing = false;
    }

    synchronized void record(boolean delivered, Instant now) {
        if (delivered) {
            failuresInARow = 0;
            openFor = firstOpenFor;
            probing = false;
            return;
        }
        failuresInARow++;
        if (probing || failuresInARow >= tripAfter) {
            failuresInARow = Math.max(failuresInARow, tripAfter);
            openUntil = now.plus(openFor);
            Duration doubled = openFor.multipliedBy(2);
            openFor = doubled.compareTo(maxOpenFor) > 0 ? maxOpenFor : doubled;
            probing = false;
        }
    }
}
