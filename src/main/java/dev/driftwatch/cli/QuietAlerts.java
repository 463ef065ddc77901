package dev.driftwatch.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/** Self-contained commands (demo, benchmarks) print a summary; one log line per alert would drown it. */
final class QuietAlerts {
    private QuietAlerts() {}

    static void apply() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.driftwatch.alert")).setLevel(Level.ERROR);
    }
}
