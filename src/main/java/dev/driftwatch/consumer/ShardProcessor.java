package dev.driftwatch.consumer;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import dev.driftwatch.audit.AuditWriteException;
import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.pipeline.BatchOutcome;
import dev.driftwatch.pipeline.ShardGap;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.ChangeRecordDecoder;
import dev.driftwatch.record.DecodeFailure;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * The record processor of one shard lease. Converts each KCL record once into a {@link ChangeRecord}
 * (or a {@link DecodeFailure}), hands the batch to the pipeline, and checkpoints only after the
 * batch's findings are durably stored. Never throws: KCL would log and skip the batch.
 *
 * <p>When storing fails it retries with backoff until it succeeds or the daemon is stopping; a batch
 * given up on is not checkpointed, so the next owner of the lease receives it again.
 */
final class ShardProcessor implements DynamoDBStreamsShardRecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ShardProcessor.class);
    static final String MDC_SHARD = "shardId";

    private final AuditPipeline pipeline;
    private final ChangeRecordDecoder decoder;
    private final BooleanSupplier stopping;
    private final Backoff backoff;
    private String shardId = "unknown";
    private String lastDurableSequence;
    private final CheckpointProbe probe;
    private final String streamArn;
    private final Optional<CoverageLedger> ledger;
    static final Duration HEARTBEAT_EVERY = Duration.ofMinutes(5);
    private long lastHeartbeatNanos;
    /** The checkpoint the stream had trimmed when this lease started, until its gap is stored. */
    private String trimmedCheckpoint;
    /** The ledger's last audited record of a shard this lease began at LATEST, until the start is judged. */
    private String latestStartAfter;
    /** The first record this LATEST lease read, and when the lease began. */
    private String latestFirstRead;

    private Instant latestFirstReadAt;
    private long latestStartedNanos;
    /** At most one checkpoint (and ledger write) per this long on a busy shard; zero: after every batch. */
    private final CheckpointCadence cadence;
    /** Stored batches not yet in the coverage ledger, nor checkpointed. */
    private Covered uncheckpointed;

    /** This lease's token in the stream-gap check. */
    private long lease;

    /** A stretch of stored records, from the first batch's first record to the last batch's last. */
    private record Covered(String first, Instant firstAt, String last, Instant lastAt, long records) {
        Covered then(String nextLast, Instant nextLastAt, long more) {
            return new Covered(first, firstAt, nextLast, nextLastAt, records + more);
        }
    }

    ShardProcessor(AuditPipeline pipeline, ChangeRecordDecoder decoder, BooleanSupplier stopping, Backoff backoff) {
        this(pipeline, decoder, stopping, backoff, CheckpointProbe.NONE, "stream", Optional.empty(), Duration.ZERO);
    }

    /** With the checkpoint probe and the coverage ledger of {@code streamArn}'s shards, checkpointing every batch. */
    ShardProcessor(
            AuditPipeline pipeline,
            ChangeRecordDecoder decoder,
            BooleanSupplier stopping,
            Backoff backoff,
            CheckpointProbe probe,
            String streamArn,
            Optional<CoverageLedger> ledger) {
        this(pipeline, decoder, stopping, backoff, probe, streamArn, ledger, Duration.ZERO);
    }

    /** With the checkpoint probe and the coverage ledger of {@code streamArn}'s shards. */
    ShardProcessor(
            AuditPipeline pipeline,
            ChangeRecordDecoder decoder,
            BooleanSupplier stopping,
            Backoff backoff,
            CheckpointProbe probe,
            String streamArn,
            Optional<CoverageLedger> ledger,
            Duration checkpointEvery) {
        this.cadence = new CheckpointCadence(checkpointEvery);
        this.pipeline = pipeline;
        this.decoder = decoder;
        this.stopping = stopping;
        this.backoff = backoff;
        this.probe = probe;
        this.streamArn = streamArn;
        this.ledger = ledger;
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        MDC.put(MDC_SHARD, shardId);
        try {
            LOG.info("lease acquired position={}", input.extendedSequenceNumber());
            String checkpoint = input.extendedSequenceNumber() == null
                    ? null
                    : input.extendedSequenceNumber().sequenceNumber();
            if (checkpoint != null && isSequenceNumber(checkpoint) && probe.trimmedAfter(shardId, checkpoint)) {
                // The adapter resumes at the oldest record the stream still holds: what lay between is lost.
                trimmedCheckpoint = checkpoint;
            }
            if (ExtendedSequenceNumber.LATEST.sequenceNumber().equals(checkpoint)) {
                latestStartAfter = ledgerLastAudited().orElse(null);
                latestStartedNanos = System.nanoTime();
            }
            String shard = shardId;
            lease = pipeline.leaseStarted(
                    shardId,
                    ExtendedSequenceNumber.TRIM_HORIZON.sequenceNumber().equals(checkpoint),
                    () -> probe.parentOf(shard));
        } finally {
            MDC.remove(MDC_SHARD);
        }
    }

    @Override
    public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
        MDC.put(MDC_SHARD, shardId);
        try {
            List<DynamoDBStreamsClientRecord> batch = input.records();
            if (batch.isEmpty()) {
                // KCL calls with empty batches too (callProcessRecordsEvenForEmptyRecordList): caught up.
                pipeline.caughtUp(shardId);
                if (uncheckpointed != null && latestStartAfter == null && flushCoverage()) {
                    checkpoint(input.checkpointer(), lastDurableSequence);
                }
                heartbeat();
                return;
            }
            List<ChangeRecord> records = new ArrayList<>(batch.size());
            List<DecodeFailure> failures = new ArrayList<>();
            for (DynamoDBStreamsClientRecord clientRecord : batch) {
                convert(clientRecord, records, failures);
            }
            List<ShardGap> gaps = List.of();
            DynamoDBStreamsClientRecord first = batch.get(0);
            if (trimmedCheckpoint != null) {
                ShardGap gap = new ShardGap(
                        decoder.table().name(), shardId, trimmedCheckpoint, first.sequenceNumber(), createdAt(first));
                pipeline.shardGapFound(gap);
                gaps = List.of(gap);
            }
            boolean latestJudged = false;
            if (trimmedCheckpoint == null && latestStartAfter != null) {
                if (latestFirstRead == null) {
                    latestFirstRead = first.sequenceNumber();
                    latestFirstReadAt = createdAt(first);
                }
                latestJudged = latestStartSettled();
                if (latestJudged && skippedSinceLedger(latestFirstRead)) {
                    ShardGap gap = new ShardGap(
                            decoder.table().name(),
                            shardId,
                            latestStartAfter,
                            latestFirstRead,
                            latestFirstReadAt,
                            ShardGap.Cause.STARTED_AT_LATEST);
                    pipeline.shardGapFound(gap);
                    gaps = List.of(gap);
                }
            }
            List<ShardGap> batchGaps = gaps;
            boolean mayRecord = latestStartAfter == null || latestJudged;
            DynamoDBStreamsClientRecord lastRecord = batch.get(batch.size() - 1);
            // Run after the findings are stored, again on every retry: a batch is added to the stretch once.
            boolean[] due = {false};
            Runnable ledgered = () -> {
                ledger.ifPresent(coverage -> {
                    for (ShardGap gap : batchGaps) {
                        coverage.hole(
                                streamArn,
                                shardId,
                                gap.lastAudited(),
                                gap.resumedAt(),
                                gap.resumedCreated(),
                                gap.cause().description());
                    }
                });
                if (uncheckpointed == null) {
                    uncheckpointed = new Covered(
                            first.sequenceNumber(),
                            createdAt(first),
                            lastRecord.sequenceNumber(),
                            createdAt(lastRecord),
                            batch.size());
                } else if (!uncheckpointed.last().equals(lastRecord.sequenceNumber())) {
                    uncheckpointed =
                            uncheckpointed.then(lastRecord.sequenceNumber(), createdAt(lastRecord), batch.size());
                }
                // A LATEST start not judged yet leaves the ledger to the readers it is judged by.
                due[0] = !batchGaps.isEmpty() || mayRecord && cadence.due();
                if (due[0]) {
                    writeCoverage(); // throws on failure: the batch is retried, its findings found present
                }
            };
            if (!storeDurably(records, failures, gaps, ledgered)) {
                return;
            }
            trimmedCheckpoint = null;
            if (latestJudged) {
                latestStartAfter = null; // judged: a hole stored with this batch, or none
            }
            lastDurableSequence = lastRecord.sequenceNumber();
            if (due[0]) {
                checkpoint(input.checkpointer(), lastDurableSequence);
            }
        } catch (RuntimeException e) {
            // Not a storage failure (those are retried above): a defect. KCL moves on with the next
            // batch, whose checkpoint passes over this one, so say plainly that it went unaudited.
            pipeline.batchSkipped(shardId, input.records().size());
            LOG.error(
                    "batch skipped unaudited records={} error=\"{}\"",
                    input.records().size(),
                    e.toString(),
                    e);
        } finally {
            MDC.remove(MDC_SHARD);
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        MDC.put(MDC_SHARD, shardId);
        // The stretch since the last checkpoint is not written to the ledger: the next owner reads it again from the
        // checkpoint and writes it, once.
        LOG.info("lease lost lastDurableSequence={}", lastDurableSequence);
        pipeline.leaseEnded(shardId, lease, false);
        MDC.remove(MDC_SHARD);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        MDC.put(MDC_SHARD, shardId);
        try {
            LOG.info("shard ended lastDurableSequence={}", lastDurableSequence);
            if (!probe.holds(shardId)) {
                // A lease of another stream of the table: the reader ran into "no such shard", not its end. No
                // checkpoint (KCL tries the shutdown again), so the worker that reads that stream reads the shard.
                LOG.warn("shard end of a shard this stream does not hold, not checkpointed stream={}", streamArn);
                return;
            }
            if (!stopping.getAsBoolean() && (!flushCoverage() || !markEnded())) {
                return; // KCL tries the shard end again, and with it the ledger's end mark
            }
            // Every record of the shard was stored: its children may continue this worker's stream-gap chain. Said
            // before the checkpoint, after which KCL may start a child.
            pipeline.leaseEnded(shardId, lease, !stopping.getAsBoolean());
            // KCL requires a checkpoint at shard end before it starts the children; every record of
            // the shard was stored, or processRecords returned early only while stopping.
            if (!stopping.getAsBoolean()) {
                input.checkpointer().checkpoint();
            }
        } catch (ShutdownException | InvalidStateException | RuntimeException e) {
            LOG.warn("shard-end checkpoint failed error=\"{}\"", e.toString());
        } finally {
            MDC.remove(MDC_SHARD);
        }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        MDC.put(MDC_SHARD, shardId);
        try {
            if (lastDurableSequence != null && flushCoverage()) {
                checkpoint(input.checkpointer(), lastDurableSequence);
            }
            LOG.info("shutdown requested finalCheckpoint={}", lastDurableSequence);
            pipeline.leaseEnded(shardId, lease, false);
        } finally {
            MDC.remove(MDC_SHARD);
        }
    }

    /** Records the stored stretch in the coverage ledger; throws when it could not (the caller retries). */
    private void writeCoverage() {
        Covered stretch = uncheckpointed;
        if (stretch != null) {
            ledger.ifPresent(coverage -> coverage.covered(
                    streamArn,
                    shardId,
                    stretch.first(),
                    stretch.last(),
                    stretch.records(),
                    stretch.firstAt(),
                    stretch.lastAt()));
        }
        uncheckpointed = null;
        cadence.checkpointed();
    }

    /** {@link #writeCoverage}, false (logged) when the ledger could not be written: then nothing is checkpointed. */
    private boolean flushCoverage() {
        try {
            writeCoverage();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("coverage ledger not advanced, not checkpointed error=\"{}\"", e.toString());
            return false;
        }
    }

    /**
     * A start at LATEST is judged only once another application's reader, if one still drains the shard, has had
     * time to write its ledger entries (it writes one per checkpoint interval): two of its intervals and 5 s.
     */
    private boolean latestStartSettled() {
        return System.nanoTime() - latestStartedNanos
                >= cadence.every().multipliedBy(2).plusSeconds(5).toNanos();
    }

    /**
     * Whether records lie between what the ledger last audited and {@code firstRead}. The ledger is read again: a
     * reader of another application still draining the shard (a blue/green switch) may have audited them meanwhile.
     */
    private boolean skippedSinceLedger(String firstRead) {
        try {
            Optional<String> now = ledgerLastAudited();
            if (now.isPresent() && new BigInteger(now.get()).compareTo(new BigInteger(latestStartAfter)) > 0) {
                latestStartAfter = now.get();
            }
            if (new BigInteger(latestStartAfter).compareTo(new BigInteger(firstRead)) >= 0) {
                return false; // audited up to (or past) the first record read: nothing passed over
            }
        } catch (NumberFormatException e) {
            LOG.warn("a start at LATEST goes unchecked, sequence not a number error=\"{}\"", e.toString());
            return false;
        }
        return probe.holdsRecordsBetween(shardId, latestStartAfter, firstRead);
    }

    /** What the coverage ledger last audited on this lease's shard; empty when unknown or unreadable (logged). */
    private Optional<String> ledgerLastAudited() {
        try {
            return ledger.flatMap(coverage -> coverage.lastAudited(streamArn, shardId));
        } catch (RuntimeException e) {
            LOG.warn("coverage ledger unreadable, a start at LATEST goes unchecked error=\"{}\"", e.toString());
            return Optional.empty();
        }
    }

    /** The ledger's end mark tells a daemon following a new stream that this one is drained. */
    private boolean markEnded() {
        try {
            ledger.ifPresent(coverage -> coverage.ended(streamArn, shardId));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("shard end not recorded in the coverage ledger, not checkpointed error=\"{}\"", e.toString());
            return false;
        }
    }

    /**
     * Tells the ledger, at most every {@link #HEARTBEAT_EVERY}, that this reader is caught up: an idle stream is
     * then known to be audited, and a restart long after it is not taken for records lost. A failure costs nothing
     * but a log line: the next empty poll tries again.
     */
    private void heartbeat() {
        if (ledger.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (lastHeartbeatNanos != 0 && now - lastHeartbeatNanos < HEARTBEAT_EVERY.toNanos()) {
            return;
        }
        try {
            ledger.get().caughtUp(streamArn, Instant.now());
            lastHeartbeatNanos = now;
        } catch (RuntimeException e) {
            LOG.warn("coverage heartbeat failed error=\"{}\"", e.toString());
        }
    }

    private void convert(
            DynamoDBStreamsClientRecord clientRecord, List<ChangeRecord> records, List<DecodeFailure> failures) {
        Record record = null;
        try {
            record = clientRecord.getRecord();
            records.add(decoder.decode(record, shardId));
        } catch (RuntimeException e) {
            DecodeFailure failure =
                    decoder.failure(record, shardId, e.getMessage() == null ? e.toString() : e.getMessage());
            if (failure.sequenceNumber().isEmpty()) {
                failure = new DecodeFailure(
                        failure.table(),
                        failure.shardId(),
                        java.util.Optional.ofNullable(clientRecord.sequenceNumber()),
                        failure.itemKey(),
                        failure.approximateCreationTime(),
                        failure.reason());
            }
            LOG.warn(
                    "undecodable record sequenceNumber={} reason=\"{}\"",
                    failure.sequenceNumber().orElse("?"),
                    failure.reason());
            failures.add(failure);
        }
    }

    /** Stores the batch's findings, then {@code thenRecord} (the coverage ledger), retrying both until done. */
    private boolean storeDurably(
            List<ChangeRecord> records, List<DecodeFailure> failures, List<ShardGap> gaps, Runnable thenRecord) {
        long retryingSince = System.nanoTime();
        BatchOutcome outcome = null;
        for (int attempt = 1; ; attempt++) {
            try {
                if (outcome == null) {
                    // Once stored, a batch is not processed again when only the ledger write is retried: its
                    // records would be counted twice.
                    outcome = pipeline.process(records, failures, gaps);
                }
                thenRecord.run();
                LOG.debug(
                        "batch stored records={} findingsWritten={} alreadyPresent={}",
                        outcome.records(),
                        outcome.findingsWritten(),
                        outcome.findingsAlreadyPresent());
                return true;
            } catch (AuditWriteException e) {
                if (stopping.getAsBoolean()) {
                    LOG.warn(
                            "audit write failed while stopping, batch left for redelivery error=\"{}\"",
                            e.getMessage());
                    return false;
                }
                pipeline.retrying(
                        shardId,
                        records.size() + failures.size(),
                        oldest(records, failures),
                        Duration.ofNanos(System.nanoTime() - retryingSince),
                        e);
                long delay = backoff.delayMillis(attempt);
                LOG.warn("audit write failed attempt={} retryInMillis={} error=\"{}\"", attempt, delay, e.getMessage());
                if (!sleep(delay)) {
                    return false;
                }
            }
        }
    }

    private static Instant createdAt(DynamoDBStreamsClientRecord record) {
        Record sdk = record.getRecord();
        return sdk == null || sdk.dynamodb() == null || sdk.dynamodb().approximateCreationDateTime() == null
                ? Instant.EPOCH
                : sdk.dynamodb().approximateCreationDateTime();
    }

    /** KCL's sentinels (TRIM_HORIZON, LATEST, AT_TIMESTAMP, SHARD_END) are no position in the stream. */
    private static boolean isSequenceNumber(String checkpoint) {
        return !checkpoint.isEmpty() && checkpoint.chars().allMatch(Character::isDigit);
    }

    private static Instant oldest(List<ChangeRecord> records, List<DecodeFailure> failures) {
        Instant oldest = Instant.MAX;
        for (ChangeRecord record : records) {
            oldest = earlier(oldest, record.approximateCreationTime());
        }
        for (DecodeFailure failure : failures) {
            oldest = earlier(oldest, failure.approximateCreationTime());
        }
        return oldest;
    }

    /** EPOCH stands for a record without a creation time: it says nothing of the lag. */
    private static Instant earlier(Instant oldest, Instant time) {
        return !time.equals(Instant.EPOCH) && time.isBefore(oldest) ? time : oldest;
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer, String sequenceNumber) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            try {
                checkpointer.checkpoint(sequenceNumber);
                return;
            } catch (ThrottlingException e) {
                if (!sleep(backoff.delayMillis(attempt))) {
                    return;
                }
            } catch (ShutdownException e) {
                LOG.info("checkpoint skipped, lease no longer held sequenceNumber={}", sequenceNumber);
                return;
            } catch (InvalidStateException | RuntimeException e) {
                LOG.error("checkpoint failed sequenceNumber={} error=\"{}\"", sequenceNumber, e.toString());
                return;
            }
        }
        LOG.warn("checkpoint throttled, next batch checkpoints sequenceNumber={} attempts=5", sequenceNumber);
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
