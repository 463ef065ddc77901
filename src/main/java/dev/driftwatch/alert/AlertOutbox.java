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

    /**
     * Claims the finding's alert for {@code owner} until {@code until}: true when it was unclaimed, its claim had
     * expired by {@code now}, or {@code owner} held it already (a renewal); false when another owner holds it or
     * it is no longer pending. Only the holder of a live claim sends: with several workers, one sends each alert,
     * and another takes over only once the claim has expired (the holder crashed). Claimed, it returns the sinks
     * the alert has by now (read with the claim: another worker may have sent it to some since it was listed).
     */
    Optional<Set<String>> claim(Finding finding, String owner, Instant until, Instant now);

    /** Gives up {@code owner}'s claim of the finding's alert (it stays pending, for whoever resumes it next). */
    void release(Finding finding, String owner);

    /** Puts a stored finding back into the outbox (an operator's resend), queued at {@code now}, sent to no sink. */
    void markPending(Finding finding, Instant now);
}
