package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.List;

/**
 * Findings could not all be stored (throttling after the SDK's retries, network, service error);
 * retryable. {@link #written()} are the findings this attempt did store: a retry will find them
 * present, so whoever alerts on first storage must do it for these now.
 */
public final class AuditWriteException extends RuntimeException {
    private final transient List<Finding> written;

    public AuditWriteException(String message, Throwable cause) {
        this(message, cause, List.of());
    }

    public AuditWriteException(String message, Throwable cause, List<Finding> written) {
        super(message, cause);
        this.written = List.copyOf(written);
    }

    public List<Finding> written() {
        return written;
    }
}
