package dev.driftwatch.local;

/** The local endpoint could not be installed, started or reached. */
public final class LocalEndpointException extends RuntimeException {
    public LocalEndpointException(String message) {
        super(message);
    }

    public LocalEndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
