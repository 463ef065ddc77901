package dev.driftwatch.pipeline;

import dev.driftwatch.validation.Require;
import java.time.Instant;
import java.util.Objects;

/**
 * Records of a shard that the audit may never have seen: the stream no longer holds the record after the
 * shard's checkpoint (trimmed after 24 h), so the reader resumed at the oldest record it still holds; or a
 * reader with no checkpoint started at the shard's latest record while the coverage ledger had audited the
 * shard before, and the stream holds records in between.
 *
 * @param lastAudited the checkpoint, or the ledger's last audited record: the last record whose findings were stored
 * @param resumedAt the sequence number of the first record read after the jump
 * @param resumedCreated that record's creation time; records created before it and after the checkpoint's
 *     may be missing
 */
public record ShardGap(
        String table, String shardId, String lastAudited, String resumedAt, Instant resumedCreated, Cause cause) {
    /** Why records were passed over. */
    public enum Cause {
        /** The checkpoint was trimmed from the stream: the reader resumed at its oldest record. */
        TRIMMED("the shard's checkpoint was trimmed from the stream"),
        /** A reader without a checkpoint started at the latest record, after records no reader audited. */
        STARTED_AT_LATEST("a reader without a checkpoint started at the shard's latest record");

        private final String description;

        Cause(String description) {
            this.description = description;
        }

        /** In words, as the coverage ledger shows it. */
        public String description() {
            return description;
        }
    }

    public ShardGap(String table, String shardId, String lastAudited, String resumedAt, Instant resumedCreated) {
        this(table, shardId, lastAudited, resumedAt, resumedCreated, Cause.TRIMMED);
    }

    public ShardGap {
        Objects.requireNonNull(cause, "cause");
        Require.notBlank("table", table);
        Require.notBlank("shardId", shardId);
        Require.notBlank("lastAudited", lastAudited);
        Require.notBlank("resumedAt", resumedAt);
        Objects.requireNonNull(resumedCreated, "resumedCreated");
    }
}
