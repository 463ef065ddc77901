package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.List;

/**
 * Stores findings durably and idempotently: a finding whose id is already stored is counted, not
 * written again.
 */
public interface AuditWriter {
    /**
     * Writes every finding, or throws {@link AuditWriteException} when any could not be written; the
     * caller retries the whole batch, which is safe because writes are idempotent.
     */
    WriteReport write(List<Finding> findings);
}
