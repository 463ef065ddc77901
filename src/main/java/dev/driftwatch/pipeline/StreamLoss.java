package dev.driftwatch.pipeline;

import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.validation.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes of a watched table that no stream the daemon reads still holds: the table's stream was replaced
 * (disabled and enabled again, or the table recreated or restored), or the daemon was last seen auditing the
 * stream longer ago than the stream keeps records.
 *
 * @param ruleId {@link RuleEngine#STREAM_REPLACED} or {@link RuleEngine#STREAM_EXPIRED}
 * @param streamArn the stream read now
 * @param previousStreamArn the stream read before (a replacement only)
 * @param lastAuditedAt when the audit was last known to be complete: the newest record audited, or the last
 *     time a reader of the stream was caught up
 * @param lostUntil changes up to this time may never have been audited
 * @param cause what happened, in words, for the finding's message
 */
public record StreamLoss(
        String ruleId,
        String table,
        String streamArn,
        Optional<String> previousStreamArn,
        Optional<Instant> lastAuditedAt,
        Instant lostUntil,
        String cause) {
    public StreamLoss {
        Require.notBlank("table", table);
        Require.notBlank("streamArn", streamArn);
        Require.notBlank("cause", cause);
        Objects.requireNonNull(previousStreamArn, "previousStreamArn");
        Objects.requireNonNull(lastAuditedAt, "lastAuditedAt");
        Objects.requireNonNull(lostUntil, "lostUntil");
        if (ruleId.equals(RuleEngine.STREAM_REPLACED) == previousStreamArn.isEmpty()) {
            throw new IllegalArgumentException("a replacement, and only a replacement, names the previous stream");
        }
        if (!ruleId.equals(RuleEngine.STREAM_REPLACED) && !ruleId.equals(RuleEngine.STREAM_EXPIRED)) {
            throw new IllegalArgumentException("not a stream-level rule: " + ruleId);
        }
    }

    /** The table's stream is now {@code streamArn}; the audit read {@code previous} until {@code lastAuditedAt}. */
    public static StreamLoss replaced(
            String table,
            String streamArn,
            String previous,
            Optional<Instant> lastAuditedAt,
            Instant newStreamCreated,
            String cause) {
        return new StreamLoss(
                RuleEngine.STREAM_REPLACED,
                table,
                streamArn,
                Optional.of(previous),
                lastAuditedAt,
                newStreamCreated,
                cause);
    }

    /** The audit of {@code streamArn} was last known complete at {@code lastAuditedAt}, more than {@code retention} ago. */
    public static StreamLoss expired(
            String table, String streamArn, Instant lastAuditedAt, Instant now, Duration retention) {
        return new StreamLoss(
                RuleEngine.STREAM_EXPIRED,
                table,
                streamArn,
                Optional.empty(),
                Optional.of(lastAuditedAt),
                now.minus(retention),
                "the daemon was last seen auditing this stream at " + lastAuditedAt + ", longer ago than the "
                        + retention.toHours() + " hours the stream keeps records (stopped, or stuck)");
    }

    /**
     * What names this loss, the same for every worker and restart that finds it: the previous stream for a
     * replacement, the last audited time for an expiry.
     */
    public String position() {
        return previousStreamArn
                .map(previous -> "replaced-" + RuleEngine.streamLabel(previous))
                .orElseGet(() -> "expired-after-" + lastAuditedAt.orElseThrow());
    }

    /**
     * The time the finding is filed under: the new stream's creation for a replacement, the last audit for an
     * expiry; both fixed by the loss, so finding it again gives the same audit row.
     */
    public Instant findingTime() {
        return previousStreamArn.isPresent() ? lostUntil : lastAuditedAt.orElseThrow();
    }

    public String message() {
        String from = lastAuditedAt.map(at -> "after " + at).orElse("before the new stream began");
        return cause + ": changes made " + from + " and before " + lostUntil
                + " may never have been audited. Run driftwatch reconcile to compare the table with the audit trail";
    }
}
