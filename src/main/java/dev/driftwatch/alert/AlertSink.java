package dev.driftwatch.alert;

import java.io.IOException;

/** Somewhere alerts go. A send that throws is retried by the dispatcher; the alert stays pending until it lands. */
public interface AlertSink {
    /** The sink's configured name, recorded per finding once the sink has the alert. */
    String name();

    void send(Alert alert) throws IOException, InterruptedException;
}
