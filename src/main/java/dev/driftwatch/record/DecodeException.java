package dev.driftwatch.record;

/** A stream record that does not describe a change driftwatch can check. */
public final class DecodeException extends RuntimeException {
    public DecodeException(String message) {
        super(message);
    }
}
