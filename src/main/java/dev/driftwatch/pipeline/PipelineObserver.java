package dev.driftwatch.pipeline;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.record.ChangeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the pipeline reports as it works (metrics), on the shard's thread. A throw is logged and ignored. */
public interface PipelineObserver {
    PipelineObserver NONE = new PipelineObserver() {};

    /** A batch is stored: its records, its findings newly stored, and how long the audit write took. */
    default void batchStored(
            List<ChangeRecord> records, int undecodable, List<Finding> written, long auditWriteNanos) {}

    /** A poll of the shard returned no records: the consumer is caught up with it. */
    default void caughtUp(String shardId) {}

    /** Records of a shard may never have been audited: its checkpoint was trimmed from the stream. */
    default void shardGap(ShardGap gap) {}

    /** Changes of the table may never have been audited: no stream read holds them any more. */
    default void streamLoss(StreamLoss loss) {}

    /** A batch of {@code records} records went unaudited: a defect, not a storage failure (those are retried). */
    default void batchSkipped(String shardId, int records) {}

    /** A stored finding's alert could not be queued: it waits in the outbox for the next resume. */
    default void alertNotQueued(Finding finding) {}

    /** The audit write of a batch failed (it will be retried). */
    default void auditWriteFailed(long auditWriteNanos) {}

    /**
     * This worker's lease of the shard ended (read to its end, lost or shut down): what is kept per shard goes, or
     * series would pile up with every shard rollover and a closed shard would keep its last lag.
     */
    default void leaseEnded(String shardId) {}

    /**
     * The batch of {@code records} on {@code shardId}, whose oldest record was created at {@code oldestRecord},
     * has been retried for {@code retryingFor} and failed again with {@code cause}.
     */
    default void batchRetrying(
            String shardId, int records, Instant oldestRecord, Duration retryingFor, Throwable cause) {}
}
