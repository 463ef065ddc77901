package dev.driftwatch.config;

import dev.driftwatch.finding.Severity;
import java.util.Objects;

/** Alerting: findings at or above {@code minSeverity} are alerted on. */
public record AlertsConfig(Severity minSeverity) {
    public AlertsConfig {
        Objects.requireNonNull(minSeverity, "minSeverity");
    }
}
