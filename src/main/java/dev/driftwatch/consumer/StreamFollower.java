package dev.driftwatch.consumer;

import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.pipeline.StreamLoss;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Which stream of the table to read, and what the coverage ledger says was lost on the way. A table's stream
 * changes when it is disabled and enabled again, or when the table is recreated or restored: the daemon reads
 * the old one to its end, then the new one. When it starts reading a stream, the ledger tells whether changes
 * may have gone unaudited: the table's previous stream was last audited before the new one began, or this
 * stream was last audited longer ago than the stream keeps records.
 */
final class StreamFollower {
    /** How long DynamoDB Streams keeps a record. */
    static final Duration RETENTION = Duration.ofHours(24);

    private final AwsClients clients;
    private final String table;
    private final AuditPipeline pipeline;
    private final Optional<CoverageLedger> ledger;
    private final Clock clock;
    private final Set<String> wrongViewReported = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamFollower.class);

    StreamFollower(
            AwsClients clients, String table, AuditPipeline pipeline, Optional<CoverageLedger> ledger, Clock clock) {
        this.clients = clients;
        this.table = table;
        this.pipeline = pipeline;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The table's stream when it is enabled and another than {@code reading}; empty while the table has none. */
    Optional<String> replacementOf(String reading) {
        TableDescription description;
        try {
            description =
                    clients.dynamoDb().describeTable(b -> b.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            return Optional.empty(); // deleted: the old stream stays readable; follow a new table once it exists
        }
        String latest = description.latestStreamArn();
        boolean enabled = description.streamSpecification() != null
                && Boolean.TRUE.equals(description.streamSpecification().streamEnabled());
        if (!enabled || latest == null || latest.equals(reading)) {
            return Optional.empty();
        }
        if (description.streamSpecification().streamViewType() != StreamViewType.NEW_AND_OLD_IMAGES) {
            if (!wrongViewReported.contains(latest)) {
                wrongViewReported.add(latest);
                LOG.error(
                        "the table streams to a new stream without both images, not followed stream={} view={}"
                                + " hint=\"enable the stream with NEW_AND_OLD_IMAGES\"",
                        latest,
                        description.streamSpecification().streamViewType());
            }
            return Optional.empty();
        }
        return Optional.of(latest);
    }

    /**
     * True once every record of {@code streamArn} was read: the stream is gone, or it is closed and the reader
     * reached the end of each shard that holds records (the ledger's end marks).
     */
    boolean drained(String streamArn) {
        StreamShards stream;
        try {
            stream = StreamShards.of(clients.streams(), streamArn);
        } catch (ResourceNotFoundException e) {
            return true;
        }
        if (stream.status() != StreamStatus.DISABLED) {
            return false;
        }
        if (ledger.isEmpty()) {
            return true;
        }
        Set<String> ended = ledger.get().endedShards(streamArn);
        return stream.shards().stream().allMatch(shard -> ended.contains(shard.shardId()) || empty(shard));
    }

    /** A closed shard whose end comes before its start holds no record. */
    private static boolean empty(Shard shard) {
        SequenceNumberRange range = shard.sequenceNumberRange();
        if (range == null || range.endingSequenceNumber() == null || range.startingSequenceNumber() == null) {
            return false;
        }
        try {
            return new BigInteger(range.endingSequenceNumber())
                            .compareTo(new BigInteger(range.startingSequenceNumber()))
                    < 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Before reading {@code streamArn}: stores (finding, alert, ledger hole) every loss the ledger shows. Found
     * again by a restart or another worker, a loss is the same finding and the same hole.
     *
     * @throws dev.driftwatch.audit.AuditWriteException when storing failed; call again
     */
    List<StreamLoss> starting(String streamArn) {
        if (ledger.isEmpty()) {
            return List.of();
        }
        Map<String, Instant> seen = ledger.get().lastSeenByStream();
        Instant now = clock.instant();
        List<StreamLoss> losses = new ArrayList<>();
        Instant lastSeen = seen.get(streamArn);
        if (lastSeen != null) {
            // Only where readers leave heartbeats: a ledger without them (written before they existed) cannot tell
            // an idle table from a lost one.
            if (Duration.between(lastSeen, now).compareTo(RETENTION) > 0
                    && ledger.get().heartbeats(streamArn)) {
                losses.add(StreamLoss.expired(table, streamArn, lastSeen, now, RETENTION));
            }
        } else if (!seen.isEmpty()) {
            Map.Entry<String, Instant> previous =
                    seen.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            losses.add(StreamLoss.replaced(
                    table,
                    streamArn,
                    previous.getKey(),
                    Optional.of(previous.getValue()),
                    created(streamArn, now),
                    replacementCause(previous.getValue())));
        }
        for (StreamLoss loss : losses) {
            pipeline.streamLoss(loss);
            ledger.get().lost(loss.streamArn(), loss.position(), loss.lastAuditedAt(), loss.lostUntil(), loss.cause());
        }
        if (!losses.isEmpty()) {
            // Reported: a second worker starting now finds nothing more to report.
            ledger.get().caughtUp(streamArn, now);
        }
        return losses;
    }

    private Instant created(String streamArn, Instant otherwise) {
        try {
            Instant created = clients.streams()
                    .describeStream(b -> b.streamArn(streamArn).limit(1))
                    .streamDescription()
                    .creationRequestDateTime();
            return created == null ? otherwise : created;
        } catch (ResourceNotFoundException e) {
            return otherwise;
        }
    }

    /** Why the table streams to a new stream, as far as DescribeTable tells. */
    private String replacementCause(Instant previousSeen) {
        try {
            TableDescription description =
                    clients.dynamoDb().describeTable(b -> b.tableName(table)).table();
            if (description.restoreSummary() != null) {
                String source = Optional.ofNullable(description.restoreSummary().sourceBackupArn())
                        .or(() ->
                                Optional.ofNullable(description.restoreSummary().sourceTableArn()))
                        .orElse("a backup");
                return "the table was restored from " + source + " at "
                        + description.restoreSummary().restoreDateTime() + " and streams to a new stream";
            }
            if (description.creationDateTime() != null
                    && description.creationDateTime().isAfter(previousSeen)) {
                return "the table was created again at " + description.creationDateTime()
                        + " and streams to a new stream";
            }
        } catch (ResourceNotFoundException e) {
            // fall through: the plainest cause
        }
        return "the table's stream was disabled and a new one enabled";
    }
}
