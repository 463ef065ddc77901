package dev.driftwatch.rule;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.FindingId;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.DecodeFailure;
import dev.driftwatch.record.Image;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every rule on every record and turns violations into findings. A rule that throws yields an
 * INPUT finding under its own id and the other rules still run: one bad rule never stalls a shard.
 */
public final class RuleEngine {
    /** Rule id of the INPUT finding for a record that could not be decoded. */
    public static final String UNDECODABLE = "undecodable-record";

    private final List<Rule> rules;
    private final SeverityPolicy severities;
    private final Clock clock;
    private final String writerAttribute;
    private final String writeIdAttribute;

    public RuleEngine(
            List<Rule> rules, SeverityPolicy severities, Clock clock, String writerAttribute, String writeIdAttribute) {
        this.rules = List.copyOf(rules);
        this.severities = severities;
        this.clock = clock;
        this.writerAttribute = writerAttribute;
        this.writeIdAttribute = writeIdAttribute;
    }

    public List<Finding> evaluate(ChangeRecord record) {
        List<Finding> findings = new ArrayList<>(2);
        for (Rule rule : rules) {
            Optional<Violation> violation;
            try {
                violation = rule.check(record);
            } catch (RuleEvaluationException e) {
                violation = Optional.of(Violation.of(
                        FindingClass.INPUT,
                        "rule " + rule.id() + " could not be evaluated on this record: " + e.getMessage()));
            } catch (RuntimeException e) {
                violation = Optional.of(
                        Violation.of(FindingClass.INPUT, "rule " + rule.id() + " failed on this record: " + e));
            }
            if (violation.isPresent()) {
                findings.add(finding(record, rule.id(), violation.get()));
            }
        }
        return findings;
    }

    /** The INPUT finding for a record that could not be decoded. */
    public Finding undecodable(DecodeFailure failure) {
        // Every field of the audit key comes from the record: a redelivery or a retry of the batch
        // must find this row present, not write another one and alert again.
        String sequence = failure.sequenceNumber()
                .orElse("unknown-"
                        + FindingId.of(
                                failure.table(),
                                failure.shardId(),
                                failure.itemKey().orElse("") + "|" + failure.reason()));
        return Finding.builder()
                .id(FindingId.of(failure.table(), sequence, UNDECODABLE))
                .ruleId(UNDECODABLE)
                .severity(severities.severityOf(UNDECODABLE, FindingClass.INPUT))
                .findingClass(FindingClass.INPUT)
                .table(failure.table())
                .itemKey(failure.itemKey().filter(key -> !key.isEmpty()).orElse("(unknown)"))
                .eventName("UNKNOWN")
                .sequenceNumber(sequence)
                .shardId(failure.shardId())
                .approximateCreationTime(failure.approximateCreationTime())
                .detectedAt(clock.instant())
                .message("record could not be decoded: " + failure.reason())
                .build();
    }

    /** The rule id of a shard-level DRIFT finding: records of a shard that may never have been audited. */
    public static final String STREAM_TRIMMED = "stream-trimmed";

    /** The rule id of a shard-level DRIFT finding: a reader started at the latest record, passing over records. */
    public static final String STREAM_SKIPPED = "stream-skipped";

    /**
     * The DRIFT finding of a shard whose reader, having no checkpoint, started at the shard's latest record while
     * records after the last one audited were still in the stream. Its keys come from that last audited record.
     */
    public Finding streamSkipped(
            String table, String shardId, String lastAudited, String resumedAt, Instant resumedCreated) {
        return shardFinding(
                STREAM_SKIPPED,
                "skipped-after-",
                table,
                shardId,
                lastAudited,
                resumedCreated,
                "a reader with no checkpoint on shard " + shardId + " started at the latest record"
                        + " (consumer.initialPosition LATEST, or a new lease table) while the stream still held records"
                        + " after the last one the coverage ledger audited (sequence " + lastAudited + "): the records"
                        + " before sequence " + resumedAt + " (created " + resumedCreated + ") were passed over"
                        + " unaudited. Replay them from the stream (driftwatch replay) or run driftwatch reconcile");
    }

    /**
     * The DRIFT finding of a shard whose checkpoint the stream no longer holds. Its keys come from the
     * checkpoint, so a redelivery or a second worker finds it present.
     */
    public Finding streamTrimmed(
            String table, String shardId, String lastAudited, String resumedAt, Instant resumedCreated) {
        return shardFinding(
                STREAM_TRIMMED,
                "trimmed-after-",
                table,
                shardId,
                lastAudited,
                resumedCreated,
                "the stream no longer holds the records after sequence " + lastAudited + " on shard "
                        + shardId + ": reading resumed at the oldest record it still holds (sequence " + resumedAt
                        + ", created " + resumedCreated + "); changes made between the last record audited and"
                        + " that one may never have been audited. Run driftwatch reconcile to compare the table with"
                        + " the audit trail");
    }

    /** A shard-level DRIFT finding, item key {@code (shard <id>)}, keyed by the last record audited. */
    private Finding shardFinding(
            String ruleId,
            String sequencePrefix,
            String table,
            String shardId,
            String lastAudited,
            Instant resumedCreated,
            String message) {
        String sequence = sequencePrefix + lastAudited;
        return Finding.builder()
                .id(FindingId.of(table, shardId + "#" + sequence, ruleId))
                .ruleId(ruleId)
                .severity(severities.severityOf(ruleId, FindingClass.DRIFT))
                .findingClass(FindingClass.DRIFT)
                .table(table)
                .itemKey("(shard " + shardId + ")")
                .eventName("SHARD")
                .sequenceNumber(sequence)
                .shardId(shardId)
                .approximateCreationTime(resumedCreated)
                .detectedAt(clock.instant())
                .message(message)
                .build();
    }

    /** The rule id of a stream-level DRIFT finding: the table's stream was replaced by another. */
    public static final String STREAM_REPLACED = "stream-replaced";

    /** The rule id of a stream-level DRIFT finding: records expired from the stream before they were read. */
    public static final String STREAM_EXPIRED = "stream-expired";

    /**
     * A stream-level DRIFT finding ({@link #STREAM_REPLACED} or {@link #STREAM_EXPIRED}): changes of the table
     * that no stream the daemon read still holds. {@code position} names the loss (it is the finding's sequence
     * and, with {@code streamArn}, its id), so the same loss found again, by a restart or a second worker, is the
     * same finding.
     */
    public Finding streamLoss(
            String ruleId, String table, String streamArn, String position, Instant filedAt, String message) {
        if (!ruleId.equals(STREAM_REPLACED) && !ruleId.equals(STREAM_EXPIRED)) {
            throw new IllegalArgumentException("not a stream-level rule: " + ruleId);
        }
        return Finding.builder()
                .id(FindingId.of(table, streamArn + "#" + position, ruleId))
                .ruleId(ruleId)
                .severity(severities.severityOf(ruleId, FindingClass.DRIFT))
                .findingClass(FindingClass.DRIFT)
                .table(table)
                .itemKey("(stream " + streamLabel(streamArn) + ")")
                .eventName("STREAM")
                .sequenceNumber(position)
                .shardId("(stream)")
                .approximateCreationTime(filedAt)
                .detectedAt(clock.instant())
                .message(message)
                .build();
    }

    /** The label of a stream ARN (what follows {@code /stream/}), or the ARN when it has none. */
    public static String streamLabel(String streamArn) {
        int at = streamArn.lastIndexOf("/stream/");
        return at < 0 ? streamArn : streamArn.substring(at + "/stream/".length());
    }

    /** The finding of {@code violation} of rule {@code ruleId} on {@code record} (also the stream-gap check's). */
    public Finding finding(ChangeRecord record, String ruleId, Violation violation) {
        Optional<Image> stampSource = record.newImage().or(record::oldImage);
        return Finding.builder()
                .id(FindingId.of(record.table(), record.sequenceNumber(), ruleId))
                .ruleId(ruleId)
                .severity(severities.severityOf(ruleId, violation.findingClass()))
                .findingClass(violation.findingClass())
                .table(record.table())
                .itemKey(record.itemKey())
                .eventName(record.eventName().name())
                .sequenceNumber(record.sequenceNumber())
                .shardId(record.shardId())
                .approximateCreationTime(record.approximateCreationTime())
                .detectedAt(clock.instant())
                .message(violation.message())
                .oldImage(record.oldImage().map(Image::attributes).orElse(Map.of()))
                .newImage(record.newImage().map(Image::attributes).orElse(Map.of()))
                .writer(stampSource.flatMap(image -> image.string(writerAttribute)))
                .writeId(stampSource.flatMap(image -> image.string(writeIdAttribute)))
                .lostUnits(violation.lostUnits())
                .build();
    }
}
