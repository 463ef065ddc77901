package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A finding as its audit row holds it, with the alert outbox's state beside it.
 *
 * @param alertState {@code PENDING} or {@code SENT}; empty for a finding below the alert threshold
 * @param sentTo the sinks that have taken its alert
 */
public record StoredFinding(Finding finding, Optional<String> alertState, Set<String> sentTo) {
    public StoredFinding {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(alertState, "alertState");
        sentTo = Set.copyOf(sentTo);
    }
}
