package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;

/** Somewhere an alert goes. Called once per newly stored finding at or above the alert threshold. */
public interface AlertSink {
    void alert(Finding finding);

    /** A short, fixed name for metrics and logs, e.g. {@code log}. */
    default String name() {
        return "custom";
    }
}
