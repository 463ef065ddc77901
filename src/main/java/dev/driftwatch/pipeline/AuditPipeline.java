package dev.driftwatch.pipeline;

import dev.driftwatch.alert.AlertQueue;
import dev.driftwatch.audit.AuditWriteException;
import dev.driftwatch.audit.AuditWriter;
import dev.driftwatch.audit.WriteReport;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.Redaction;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.DecodeFailure;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.streamgap.StaleBaseCheck;
import dev.driftwatch.streamgap.StreamGapCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records → rules → findings → audit table → alert queue. Knows no KCL type, so the daemon, replay
 * and tests share it. Only findings stored by this call are queued for alerting (they were stored
 * pending in the outbox): a replayed record finds its findings already stored and alerts nobody.
 */
public final class AuditPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditPipeline.class);

    private final RuleEngine engine;
    private final AuditWriter writer;
    private final AlertQueue alerts;
    private final Severity alertThreshold;
    private final PipelineStats stats = new PipelineStats();
    private final PipelineObserver observer;
    private final Optional<StreamGapCheck> gapCheck;
    private final Optional<StaleBaseCheck> staleBase;
    private final Redaction redaction;

    public AuditPipeline(RuleEngine engine, AuditWriter writer, AlertQueue alerts, Severity alertThreshold) {
        this(engine, writer, alerts, alertThreshold, PipelineObserver.NONE, Optional.empty());
    }

    public AuditPipeline(
            RuleEngine engine,
            AuditWriter writer,
            AlertQueue alerts,
            Severity alertThreshold,
            PipelineObserver observer) {
        this(engine, writer, alerts, alertThreshold, observer, Optional.empty());
    }

    /** With the stream-gap check: its states are stored after the batch's findings, never before. */
    public AuditPipeline(
            RuleEngine engine,
            AuditWriter writer,
            AlertQueue alerts,
            Severity alertThreshold,
            PipelineObserver observer,
            Optional<StreamGapCheck> gapCheck) {
        this(engine, writer, alerts, alertThreshold, observer, gapCheck, Redaction.NONE);
    }

    /** With redaction: every finding is masked before it is stored, alerted or returned. */
    public AuditPipeline(
            RuleEngine engine,
            AuditWriter writer,
            AlertQueue alerts,
            Severity alertThreshold,
            PipelineObserver observer,
            Optional<StreamGapCheck> gapCheck,
            Redaction redaction) {
        this(engine, writer, alerts, alertThreshold, observer, gapCheck, Optional.empty(), redaction);
    }

    /** With the stale-base check too: its windows are kept after the batch's findings, like the gap states. */
    public AuditPipeline(
            RuleEngine engine,
            AuditWriter writer,
            AlertQueue alerts,
            Severity alertThreshold,
            PipelineObserver observer,
            Optional<StreamGapCheck> gapCheck,
            Optional<StaleBaseCheck> staleBase,
            Redaction redaction) {
        this.gapCheck = gapCheck;
        this.staleBase = staleBase;
        this.redaction = redaction;
        this.engine = engine;
        this.writer = writer;
        this.alerts = alerts;
        this.alertThreshold = alertThreshold;
        this.observer = observer;
    }

    /**
     * Checks a batch and stores its findings. Returns only once every finding is durably stored.
     *
     * @throws dev.driftwatch.audit.AuditWriteException when storing failed; the batch may be retried
     */
    public BatchOutcome process(List<ChangeRecord> records, List<DecodeFailure> failures) {
        return process(records, failures, List.of());
    }

    /** The same, with shard-level gaps found before this batch: each is a DRIFT finding stored with it. */
    public BatchOutcome process(List<ChangeRecord> records, List<DecodeFailure> failures, List<ShardGap> shardGaps) {
        List<Finding> findings = new ArrayList<>();
        for (ShardGap gap : shardGaps) {
            findings.add(
                    gap.cause() == ShardGap.Cause.TRIMMED
                            ? engine.streamTrimmed(
                                    gap.table(),
                                    gap.shardId(),
                                    gap.lastAudited(),
                                    gap.resumedAt(),
                                    gap.resumedCreated())
                            : engine.streamSkipped(
                                    gap.table(),
                                    gap.shardId(),
                                    gap.lastAudited(),
                                    gap.resumedAt(),
                                    gap.resumedCreated()));
        }
        for (ChangeRecord record : records) {
            try {
                findings.addAll(engine.evaluate(record));
            } catch (RuntimeException e) {
                // One record that cannot be turned into findings must not cost the batch its audit.
                findings.add(engine.undecodable(new DecodeFailure(
                        record.table(),
                        record.shardId(),
                        Optional.of(record.sequenceNumber()),
                        Optional.of(record.itemKey()),
                        record.approximateCreationTime(),
                        "findings could not be built: " + e)));
            }
        }
        for (DecodeFailure failure : failures) {
            findings.add(engine.undecodable(failure));
        }
        Optional<StreamGapCheck.Batch> gaps = gapCheck.map(check -> check.check(records));
        gaps.ifPresent(batch -> batch.gaps()
                .forEach(gap -> findings.add(engine.finding(gap.record(), BuiltInRules.STREAM_GAP, gap.violation()))));
        Optional<StaleBaseCheck.Batch> stale = staleBase.map(check -> check.check(records));
        if (stale.isPresent()) {
            // A write counter-unchanged reported (it kept a counter) is that finding alone: one per lost write.
            Set<String> keptACounter = new HashSet<>();
            findings.stream()
                    .filter(finding -> finding.ruleId().equals(BuiltInRules.COUNTER_UNCHANGED))
                    .forEach(finding -> keptACounter.add(finding.shardId() + "#" + finding.sequenceNumber()));
            stale.get().inferences().stream()
                    .filter(inference ->
                            !keptACounter.contains(inference.record().shardId() + "#"
                                    + inference.record().sequenceNumber()))
                    .forEach(inference -> findings.add(
                            engine.finding(inference.record(), BuiltInRules.STALE_BASE, inference.violation())));
        }
        findings.replaceAll(redaction::apply);
        WriteReport report;
        long writeStart = System.nanoTime();
        try {
            report = writer.write(findings);
        } catch (AuditWriteException e) {
            long failedAfter = System.nanoTime() - writeStart;
            observe(() -> observer.auditWriteFailed(failedAfter));
            // Stored now, found present by the retry: queue them now rather than at the next resume.
            alertAll(e.written());
            throw e;
        }
        long writeNanos = System.nanoTime() - writeStart;
        WriteReport stored = report;
        observe(() -> observer.batchStored(records, failures.size(), stored.written(), writeNanos));
        alertAll(report.written());
        BatchOutcome outcome = new BatchOutcome(
                records.size() + failures.size(), report.written().size(), report.alreadyPresent());
        stats.add(outcome);
        // After the findings, never before: a retry of this batch must find the old states and the same gaps.
        gaps.ifPresent(StreamGapCheck.Batch::commit);
        stale.ifPresent(StaleBaseCheck.Batch::commit);
        return outcome;
    }

    /**
     * Stores the stream-level DRIFT finding of {@code loss} and alerts it (once: found again, it is already
     * present).
     *
     * @throws AuditWriteException when storing failed; call again
     */
    public void streamLoss(StreamLoss loss) {
        Finding finding = redaction.apply(engine.streamLoss(
                loss.ruleId(), loss.table(), loss.streamArn(), loss.position(), loss.findingTime(), loss.message()));
        WriteReport report = writer.write(List.of(finding));
        observe(() -> observer.streamLoss(loss));
        alertAll(report.written());
    }

    /** The batch of {@code records} on {@code shardId} failed again after {@code retryingFor} of retries. */
    public void retrying(String shardId, int records, Instant oldestRecord, Duration retryingFor, Throwable cause) {
        observe(() -> observer.batchRetrying(shardId, records, oldestRecord, retryingFor, cause));
    }

    /** A shard gap was found (reported once; its finding goes with the next batch's). */
    public void shardGapFound(ShardGap gap) {
        observe(() -> observer.shardGap(gap));
    }

    /** A batch of {@code records} records on {@code shardId} went unaudited (reported by the reader). */
    public void batchSkipped(String shardId, int records) {
        observe(() -> observer.batchSkipped(shardId, records));
    }

    /**
     * A lease of {@code shardId} begins, at the shard's first record or from a checkpoint; {@code parent} looks up
     * the shard's parent (a request: asked only when the stream-gap check can continue a parent's chain).
     */
    public long leaseStarted(String shardId, boolean fromShardStart, Supplier<Optional<String>> parent) {
        return gapCheck.map(check -> check.leaseStarted(shardId, fromShardStart, parent))
                .orElse(0L);
    }

    /**
     * The lease {@code lease} (returned by {@link #leaseStarted}) of {@code shardId} ends: read to the shard's end
     * ({@code shardCompleted}), or lost or shut down.
     */
    public void leaseEnded(String shardId, long lease, boolean shardCompleted) {
        gapCheck.ifPresent(check -> check.leaseEnded(shardId, lease, shardCompleted));
        observe(() -> observer.leaseEnded(shardId));
    }

    /** A poll of {@code shardId} returned nothing: there is no lag on it now. */
    public void caughtUp(String shardId) {
        observe(() -> observer.caughtUp(shardId));
    }

    /** Metrics must never cost a batch its checkpoint: an observer that throws is logged, not propagated. */
    private void observe(Runnable report) {
        try {
            report.run();
        } catch (RuntimeException e) {
            LOG.error("pipeline observer failed error=\"{}\"", e.toString());
        }
    }

    public PipelineStats stats() {
        return stats;
    }

    private void alertAll(List<Finding> stored) {
        for (Finding finding : stored) {
            if (finding.severity().atLeast(alertThreshold)) {
                alert(finding);
            }
        }
    }

    private void alert(Finding finding) {
        try {
            alerts.offer(finding);
        } catch (RuntimeException e) {
            // Still pending in the outbox: the dispatcher's resumer picks it up.
            LOG.error(
                    "alert not queued findingId={} rule={} error=\"{}\"", finding.id(), finding.ruleId(), e.toString());
            observe(() -> observer.alertNotQueued(finding));
        }
    }

    /** Stops the alert queue: what it could not deliver in time stays pending in the outbox. */
    @Override
    public void close() {
        alerts.close();
    }
}
