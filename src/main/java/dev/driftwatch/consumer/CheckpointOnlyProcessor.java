package dev.driftwatch.consumer;

import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;

/**
 * The baseline of the throughput benchmark: a processor that reads nothing of the records and only
 * checkpoints, as often as driftwatch's does (at most once per {@code checkpointEvery} on a busy shard, and when
 * caught up), so that a consumer built with it costs exactly what KCL and the adapter cost.
 */
final class CheckpointOnlyProcessor implements DynamoDBStreamsShardRecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointOnlyProcessor.class);

    private final AtomicLong processed;
    private final CheckpointCadence cadence;
    private String unchecked;

    CheckpointOnlyProcessor(AtomicLong processed, Duration checkpointEvery) {
        this.processed = processed;
        this.cadence = new CheckpointCadence(checkpointEvery);
    }

    @Override
    public void initialize(InitializationInput input) {
        MDC.put("shardId", input.shardId());
        try {
            LOG.info("baseline lease acquired");
        } finally {
            MDC.remove("shardId");
        }
    }

    @Override
    public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
        if (!input.records().isEmpty()) {
            unchecked = input.records().get(input.records().size() - 1).sequenceNumber();
            processed.addAndGet(input.records().size());
        }
        boolean due = input.records().isEmpty() || cadence.due();
        if (unchecked == null || !due) {
            return;
        }
        try {
            input.checkpointer().checkpoint(unchecked);
            unchecked = null;
            cadence.checkpointed();
        } catch (ShutdownException | InvalidStateException | RuntimeException e) {
            LOG.warn("baseline checkpoint failed error=\"{}\"", e.toString());
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {}

    @Override
    public void shardEnded(ShardEndedInput input) {
        try {
            input.checkpointer().checkpoint();
        } catch (ShutdownException | InvalidStateException | RuntimeException e) {
            LOG.warn("baseline shard-end checkpoint failed error=\"{}\"", e.toString());
        }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {}
}
