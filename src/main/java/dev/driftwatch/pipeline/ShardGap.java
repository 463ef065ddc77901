package dev.driftwatch.pipeline;

import dev.driftwatch.validation.Require;
import java.time.Instant;
import java.util.Objects;

/**
 * Records of a shard that the audit may never have seen: the stream no longer holds the record after the
 * shard's checkpoint (trimmed after 24 h), so the reader resumed at the oldest record it still holds.
 *
 * @param lastAudited the checkpoint: the last record whose findings were stored
 * @param resumedAt the sequence number of the first record read after the jump
 * @param resumedCreated that record's creation time; records created before it and after the checkpoint's
 *     may be missing
 */
public record ShardGap(String table, String shardId, String lastAudited, String resumedAt, Instant resumedCreated) {
    public ShardGap {
        Require.notBlank("table", table);
        Require.notBlank("shardId", shardId);
        Require.notBlank("lastAudited", lastAudited);
        Require.notBlank("resumedAt", resumedAt);
        Objects.requireNonNull(resumedCreated, "resumedCreated");
    }
}
