package dev.driftwatch.audit;

/** Findings could not be stored (throttling after the SDK's retries, network, service error); retryable. */
public final class AuditWriteException extends RuntimeException {
    public AuditWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
