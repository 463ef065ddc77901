package dev.driftwatch.web;

import java.time.Instant;
import java.util.Objects;

/** The stretch of detection times a page shows, both ends included. */
public record Window(Instant since, Instant until) {
    public Window {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (until.isBefore(since)) {
            throw new IllegalArgumentException("until " + until + " is before since " + since);
        }
    }
}
