package dev.driftwatch.consumer;

import java.math.BigInteger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Asks the stream whether it still holds the record after a shard's checkpoint. It does not once the
 * checkpointed record is older than the stream's 24 hours: the adapter then resumes at the oldest record
 * it holds (SKIP_RECORDS_TO_TRIM_HORIZON), logging only a warning, and whatever lay between was never read.
 */
interface CheckpointProbe {
    CheckpointProbe NONE = (shardId, sequenceNumber) -> false;

    /** True when the stream has trimmed the records after {@code sequenceNumber}. */
    boolean trimmedAfter(String shardId, String sequenceNumber);

    /**
     * False when the stream certainly holds no shard {@code shardId}: a lease of another stream of the table (the
     * lease table outlives a stream), whose "end" is only the stream not knowing it. True when unsure.
     */
    default boolean holds(String shardId) {
        return true;
    }

    /**
     * True when the stream holds records of {@code shardId} after {@code afterSequence} and before {@code
     * beforeSequence}, or has trimmed the records after {@code afterSequence}. False when it holds none, and when it
     * cannot say (logged): a DRIFT alert must not rest on a throttled probe.
     */
    default boolean holdsRecordsBetween(String shardId, String afterSequence, String beforeSequence) {
        return false;
    }

    /** The parent of shard {@code shardId}, empty when it has none or the lookup failed. */
    default Optional<String> parentOf(String shardId) {
        return Optional.empty();
    }

    /** One GetShardIterator call per lease taken from a checkpoint; failures other than a trim say nothing. */
    static CheckpointProbe of(DynamoDbStreamsClient streams, String streamArn) {
        Logger log = LoggerFactory.getLogger(CheckpointProbe.class);
        CheckpointProbe trims = (shardId, sequenceNumber) -> {
            try {
                streams.getShardIterator(b -> b.streamArn(streamArn)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(sequenceNumber));
                return false;
            } catch (TrimmedDataAccessException e) {
                return true;
            } catch (SdkException e) {
                log.warn("checkpoint probe failed sequenceNumber={} error=\"{}\"", sequenceNumber, e.toString());
                return false;
            }
        };
        return new CheckpointProbe() {
            @Override
            public boolean trimmedAfter(String shardId, String sequenceNumber) {
                return trims.trimmedAfter(shardId, sequenceNumber);
            }

            @Override
            public boolean holdsRecordsBetween(String shardId, String afterSequence, String beforeSequence) {
                try {
                    String iterator = streams.getShardIterator(b -> b.streamArn(streamArn)
                                    .shardId(shardId)
                                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                                    .sequenceNumber(afterSequence))
                            .shardIterator();
                    BigInteger before = new BigInteger(beforeSequence);
                    // A read may come back empty with records further on: follow the iterator a few reads.
                    for (int read = 0; read < 5 && iterator != null; read++) {
                        String from = iterator;
                        GetRecordsResponse page =
                                streams.getRecords(b -> b.shardIterator(from).limit(1));
                        if (!page.records().isEmpty()) {
                            return new BigInteger(page.records()
                                                    .get(0)
                                                    .dynamodb()
                                                    .sequenceNumber())
                                            .compareTo(before)
                                    < 0;
                        }
                        iterator = page.nextShardIterator();
                    }
                    return false;
                } catch (TrimmedDataAccessException e) {
                    return true;
                } catch (SdkException | NumberFormatException e) {
                    log.warn(
                            "skipped-records probe failed, a start at LATEST goes unchecked afterSequence={}"
                                    + " error=\"{}\"",
                            afterSequence,
                            e.toString());
                    return false;
                }
            }

            @Override
            public Optional<String> parentOf(String shardId) {
                try {
                    return StreamShards.of(streams, streamArn).shards().stream()
                            .filter(shard -> shard.shardId().equals(shardId))
                            .findFirst()
                            .map(shard -> shard.parentShardId());
                } catch (SdkException e) {
                    log.warn("shard lookup failed shardId={} error=\"{}\"", shardId, e.toString());
                    return Optional.empty();
                }
            }

            @Override
            public boolean holds(String shardId) {
                try {
                    return StreamShards.of(streams, streamArn).holds(shardId);
                } catch (SdkException e) {
                    log.warn("shard lookup failed shardId={} error=\"{}\"", shardId, e.toString());
                    return true;
                }
            }
        };
    }
}
