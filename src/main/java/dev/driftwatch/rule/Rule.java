package dev.driftwatch.rule;

import dev.driftwatch.record.ChangeRecord;
import java.util.Optional;

/**
 * A check over one change record. Implementations are thread-safe and stateless, but for
 * duplicate-apply's bounded memory of recent write ids; the engine isolates a rule that throws and
 * reports it as an INPUT finding.
 */
public interface Rule {
    /** Stable id, part of the finding id: renaming a rule re-raises its findings on replay. */
    String id();

    /** The violation this record shows, or empty when the rule holds. */
    Optional<Violation> check(ChangeRecord record);
}
