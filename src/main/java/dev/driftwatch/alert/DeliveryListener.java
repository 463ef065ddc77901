package dev.driftwatch.alert;

/** Told of every send to a sink after its retries: delivered or not (the daemon's metrics). */
@FunctionalInterface
public interface DeliveryListener {
    DeliveryListener NONE = (sink, delivered) -> {};

    void sent(String sink, boolean delivered);
}
