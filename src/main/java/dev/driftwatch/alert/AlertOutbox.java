package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where alert state lives, next to the findings: a finding at or above the alert threshold is stored
 * pending, and stays pending until every sink has it.
 */
public interface AlertOutbox {
    /** Pending alerts of a watched table queued before {@code queuedBefore}, oldest first, at most {@code limit}. */
    List<PendingAlert> pending(String watchedTable, Instant queuedBefore, int limit);

    /** The finding's alert state read consistently: empty when it is no longer pending. */
    Optional<PendingAlert> reread(Finding finding);

    /**
     * Records sinks that now have the finding; {@code complete} when every configured sink has it,
     * which takes it out of the pending index.
     */
    void markSent(Finding finding, Set<String> sinks, boolean complete);

    /** Puts a stored finding back into the outbox (an operator's resend), queued at {@code now}, sent to no sink. */
    void markPending(Finding finding, Instant now);
}
