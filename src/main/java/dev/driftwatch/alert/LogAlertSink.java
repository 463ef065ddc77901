package dev.driftwatch.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One structured JSON line per alert in the log (the generic payload: identity and message, never the images). */
public final class LogAlertSink implements AlertSink {
    private static final Logger LOG = LoggerFactory.getLogger("dev.driftwatch.alert");

    private final String name;

    public LogAlertSink(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert) {
        LOG.warn("alert sink={} payload={}", name(), AlertPayloads.generic(alert));
    }
}
