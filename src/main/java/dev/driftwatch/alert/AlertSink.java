package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;

/** Somewhere an alert goes. Called once per newly stored finding at or above the alert threshold. */
public interface AlertSink {
    void alert(Finding finding);
}
