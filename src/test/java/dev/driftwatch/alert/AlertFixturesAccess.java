package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;

/** The alert fixtures for tests of other packages. */
public final class AlertFixturesAccess {
    private AlertFixturesAccess() {}

    public static Finding finding() {
        return AlertFixtures.finding("f1");
    }
}
