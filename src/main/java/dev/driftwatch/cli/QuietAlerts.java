package dev.driftwatch.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/** Self-contained commands (demo, benchmarks) print a summary; one log line per alert would drown it. */
final class QuietAlerts {
    private QuietAlerts() {}

    static void apply() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.driftwatch.alert")).setLevel(Level.ERROR);
    }

    /**
     * The demo's first start: KCL warns once that it could not assign every lease while the new worker's
     * metrics are not reported yet, which passes by itself within a lease-assignment interval.
     */
    static void firstStart() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                        "software.amazon.kinesis.coordinator.assignment.LeaseAssignmentManager"))
                .setLevel(Level.ERROR);
    }
}
