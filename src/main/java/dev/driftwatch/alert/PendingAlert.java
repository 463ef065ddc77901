package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;
import java.util.Objects;
import java.util.Set;

/** A finding in the outbox and the sinks that already have it. */
public record PendingAlert(Finding finding, Set<String> sentTo) {
    public PendingAlert {
        Objects.requireNonNull(finding, "finding");
        sentTo = Set.copyOf(sentTo);
    }

    public static PendingAlert fresh(Finding finding) {
        return new PendingAlert(finding, Set.of());
    }
}
