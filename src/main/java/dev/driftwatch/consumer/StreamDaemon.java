package dev.driftwatch.consumer;

import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.record.ChangeRecordDecoder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/**
 * The long-running consumer: a KCL scheduler on its own thread feeding the pipeline. Several daemons
 * with the same application name share the stream's shards through the lease table.
 */
public final class StreamDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamDaemon.class);

    private final Scheduler scheduler;
    private final Thread thread;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final String workerId;

    private StreamDaemon(Scheduler scheduler, String workerId) {
        this.scheduler = scheduler;
        this.workerId = workerId;
        this.thread = new Thread(scheduler, "driftwatch-scheduler");
    }

    /**
     * Prepares a daemon for the configured table: checks that its stream exists with the
     * NEW_AND_OLD_IMAGES view, then builds the scheduler (nothing runs until {@link #start}).
     */
    public static StreamDaemon create(
            AwsClients clients, DriftwatchConfig config, AuditPipeline pipeline, Optional<CoverageLedger> ledger) {
        StreamDaemon[] self = new StreamDaemon[1];
        String streamArn = streamArn(clients, config.table().name());
        ShardProcessorFactory processors = new ShardProcessorFactory(
                pipeline,
                new ChangeRecordDecoder(config.table()),
                () -> self[0] != null && self[0].stopping.get(),
                CheckpointProbe.of(clients.streams(), streamArn),
                streamArn,
                ledger);
        self[0] = withProcessors(clients, config, streamArn, processors);
        return self[0];
    }

    /**
     * A consumer configured exactly like {@link #create} whose processor only checkpoints each batch
     * and counts its records into {@code processed}: the baseline of the throughput benchmark.
     */
    public static StreamDaemon createCheckpointOnly(AwsClients clients, DriftwatchConfig config, AtomicLong processed) {
        return withProcessors(
                clients,
                config,
                streamArn(clients, config.table().name()),
                () -> new CheckpointOnlyProcessor(processed));
    }

    private static StreamDaemon withProcessors(
            AwsClients clients, DriftwatchConfig config, String streamArn, ShardRecordProcessorFactory processors) {
        String workerId = hostName() + ":" + UUID.randomUUID();
        return new StreamDaemon(
                StreamSchedulerFactory.create(clients, streamArn, config.consumer(), workerId, processors), workerId);
    }

    /** The stream ARN of a table, or a clear error when it has none or the wrong view. */
    public static String streamArn(AwsClients clients, String tableName) {
        TableDescription table =
                clients.dynamoDb().describeTable(b -> b.tableName(tableName)).table();
        if (table.latestStreamArn() == null
                || table.streamSpecification() == null
                || !Boolean.TRUE.equals(table.streamSpecification().streamEnabled())) {
            throw new IllegalStateException(
                    "table " + tableName + " has no stream: enable one with view NEW_AND_OLD_IMAGES");
        }
        if (table.streamSpecification().streamViewType() != StreamViewType.NEW_AND_OLD_IMAGES) {
            throw new IllegalStateException("table " + tableName + " streams "
                    + table.streamSpecification().streamViewType() + ", driftwatch needs NEW_AND_OLD_IMAGES");
        }
        return table.latestStreamArn();
    }

    public void start() {
        LOG.info("scheduler starting workerId={}", workerId);
        thread.start();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Blocks until the scheduler thread ends (after {@link #stop} or when the scheduler dies). */
    public void awaitTermination() throws InterruptedException {
        thread.join();
    }

    /**
     * Graceful stop: processors checkpoint what they stored, leases are handed back. Falls back to an
     * immediate shutdown after the timeout.
     */
    public boolean stop(Duration timeout) {
        if (!stopping.compareAndSet(false, true)) {
            return true;
        }
        boolean graceful = false;
        try {
            graceful = scheduler.startGracefulShutdown().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("graceful shutdown incomplete timeoutSeconds={} error=\"{}\"", timeout.toSeconds(), e.toString());
        }
        if (!graceful) {
            scheduler.shutdown();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("scheduler stopped graceful={}", graceful);
        return graceful;
    }

    /**
     * Stops at once, as a crash would: no final checkpoint, leases not handed over. Other workers take
     * them when they expire ({@code consumer.failoverMillis}).
     */
    public void halt() {
        stopping.set(true);
        scheduler.shutdown();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
