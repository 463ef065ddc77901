package dev.driftwatch.consumer;

import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.ConsumerConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.record.ChangeRecordDecoder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.kinesis.coordinator.Scheduler;

/**
 * The long-running consumer: a KCL scheduler on its own thread feeding the pipeline. Several daemons
 * with the same application name share the stream's shards through the lease table.
 *
 * <p>It follows the table's stream: every {@code consumer.streamCheckSeconds} it asks whether the table streams
 * to another stream (disabled and enabled again, recreated, restored); once the old stream is read to its end
 * it stops that scheduler and starts one on the new stream, after storing what the coverage ledger shows was lost
 * in between ({@link StreamFollower}).
 */
public final class StreamDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamDaemon.class);

    /** How long a replaced stream may take to be read to its end before the daemon follows the new one anyway. */
    static final Duration FOLLOW_WAIT_CAP = Duration.ofHours(1);

    private final BiFunction<String, Boolean, Scheduler> schedulers;
    private final Optional<StreamFollower> follower;
    private final Duration checkEvery;
    private final Thread thread;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicReference<String> switchTo = new AtomicReference<>();
    private final String workerId;
    private final Object lock = new Object();
    private final ScheduledExecutorService watch;
    private Scheduler current;
    private volatile String reading;
    private Instant replacedSince;

    private StreamDaemon(
            BiFunction<String, Boolean, Scheduler> schedulers,
            String streamArn,
            Optional<StreamFollower> follower,
            Duration checkEvery,
            String workerId) {
        this.schedulers = schedulers;
        this.reading = streamArn;
        this.follower = follower;
        this.checkEvery = checkEvery;
        this.workerId = workerId;
        this.thread = new Thread(this::run, "driftwatch-scheduler");
        this.watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "driftwatch-stream-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Prepares a daemon for the configured table: checks that its stream exists with the
     * NEW_AND_OLD_IMAGES view, then builds the scheduler (nothing runs until {@link #start}).
     */
    public static StreamDaemon create(
            AwsClients clients, DriftwatchConfig config, AuditPipeline pipeline, Optional<CoverageLedger> ledger) {
        AtomicBoolean[] stopping = new AtomicBoolean[1];
        ChangeRecordDecoder decoder = new ChangeRecordDecoder(config.table());
        String workerId = workerId(config.consumer());
        BiFunction<String, Boolean, Scheduler> schedulers = (arn, followed) -> StreamSchedulerFactory.create(
                clients,
                arn,
                followed ? fromTrimHorizon(config.consumer()) : config.consumer(),
                workerId,
                new ShardProcessorFactory(
                        pipeline,
                        decoder,
                        () -> stopping[0].get(),
                        CheckpointProbe.of(clients.streams(), arn),
                        arn,
                        ledger,
                        Duration.ofSeconds(config.consumer().checkpointEverySeconds())));
        StreamDaemon daemon = new StreamDaemon(
                schedulers,
                streamArn(clients, config.table().name()),
                Optional.of(new StreamFollower(clients, config.table().name(), pipeline, ledger, Clock.systemUTC())),
                Duration.ofSeconds(config.consumer().streamCheckSeconds()),
                workerId);
        stopping[0] = daemon.stopping;
        return daemon;
    }

    /**
     * A consumer configured exactly like {@link #create} whose processor only checkpoints each batch
     * and counts its records into {@code processed}: the baseline of the throughput benchmark.
     */
    public static StreamDaemon createCheckpointOnly(AwsClients clients, DriftwatchConfig config, AtomicLong processed) {
        String workerId = workerId(config.consumer());
        return new StreamDaemon(
                (arn, followed) -> StreamSchedulerFactory.create(
                        clients,
                        arn,
                        config.consumer(),
                        workerId,
                        () -> new CheckpointOnlyProcessor(
                                processed, Duration.ofSeconds(config.consumer().checkpointEverySeconds()))),
                streamArn(clients, config.table().name()),
                Optional.empty(),
                Duration.ofSeconds(config.consumer().streamCheckSeconds()),
                workerId);
    }

    /** A followed stream is read from its first record, whatever the configured position: none may be skipped. */
    private static ConsumerConfig fromTrimHorizon(ConsumerConfig consumer) {
        return consumer.toBuilder()
                .initialPosition(ConsumerConfig.InitialPosition.TRIM_HORIZON)
                .build();
    }

    /** The stream being read. */
    public String streamArn() {
        return reading;
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
        LOG.info("scheduler starting workerId={} stream={}", workerId, reading);
        thread.start();
        follower.ifPresent(f -> watch.scheduleWithFixedDelay(
                () -> checkStream(f), checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS));
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Blocks until the scheduler thread ends (after {@link #stop} or when the scheduler dies). */
    public void awaitTermination() throws InterruptedException {
        thread.join();
    }

    /** One scheduler per stream, in turn, until stopped. */
    private void run() {
        String arn = reading;
        boolean followed = false;
        while (!stopping.get()) {
            if (!recordLosses(arn)) {
                return;
            }
            Scheduler scheduler = schedulers.apply(arn, followed);
            synchronized (lock) {
                if (stopping.get()) {
                    return;
                }
                current = scheduler;
                reading = arn;
            }
            scheduler.run();
            LOG.info("scheduler ended stream={}", arn);
            String next;
            synchronized (lock) {
                current = null; // until the next scheduler runs, the watch asks for no switch
                next = switchTo.getAndSet(null);
            }
            if (next == null || stopping.get()) {
                return;
            }
            LOG.info("following the table's new stream previous={} stream={}", arn, next);
            arn = next;
            followed = true;
        }
    }

    /** Stores what the ledger shows was lost before {@code arn}, retrying until stored or stopping. */
    private boolean recordLosses(String arn) {
        if (follower.isEmpty()) {
            return true;
        }
        for (int attempt = 1; !stopping.get(); attempt++) {
            try {
                follower.get().starting(arn);
                return true;
            } catch (RuntimeException e) {
                long delay = Backoff.DEFAULT.delayMillis(attempt);
                LOG.warn(
                        "coverage check at stream start failed attempt={} retryInMillis={} error=\"{}\"",
                        attempt,
                        delay,
                        e.toString());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** On the watch thread: when the table streams elsewhere and the old stream is read, switch to the new one. */
    private void checkStream(StreamFollower streams) {
        try {
            String arn = reading;
            Optional<String> replacement = streams.replacementOf(arn);
            if (replacement.isEmpty()) {
                replacedSince = null;
                return;
            }
            Instant now = Instant.now();
            if (replacedSince == null) {
                replacedSince = now;
                LOG.warn(
                        "the table streams to a new stream, reading the old one to its end stream={} newStream={}",
                        arn,
                        replacement.get());
            }
            // The loss found when the new stream starts covers whatever of the old one was not read by then.
            boolean waitedLongEnough = Duration.between(replacedSince, now).compareTo(FOLLOW_WAIT_CAP) > 0;
            boolean drained = streams.drained(arn);
            if (!drained && !waitedLongEnough) {
                return;
            }
            Scheduler old;
            synchronized (lock) {
                if (stopping.get() || current == null || !arn.equals(reading) || switchTo.get() != null) {
                    return; // stopping, between schedulers, or the switch already asked for
                }
                switchTo.set(replacement.get());
                replacedSince = null;
                old = current;
            }
            LOG.info(
                    "stopping the old stream's scheduler stream={} readToItsEnd={} waitedMinutes={}",
                    arn,
                    drained,
                    FOLLOW_WAIT_CAP.toMinutes());
            // Read to its end, every shard has its SHARD_END checkpoint: nothing is left to hand over, and KCL's
            // graceful shutdown waits on the ended shards' leases for good.
            old.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("stream check failed error=\"{}\"", e.toString());
        }
    }

    /**
     * Graceful stop: processors checkpoint what they stored, leases are handed back. Falls back to an
     * immediate shutdown after the timeout.
     */
    public boolean stop(Duration timeout) {
        if (!stopping.compareAndSet(false, true)) {
            return true;
        }
        watch.shutdownNow();
        Scheduler scheduler;
        synchronized (lock) {
            scheduler = current;
        }
        boolean graceful = scheduler == null;
        if (scheduler != null) {
            try {
                graceful = scheduler.startGracefulShutdown().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn(
                        "graceful shutdown incomplete timeoutSeconds={} error=\"{}\"",
                        timeout.toSeconds(),
                        e.toString());
            }
            if (!graceful) {
                scheduler.shutdown();
            }
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
        watch.shutdownNow();
        Scheduler scheduler;
        synchronized (lock) {
            scheduler = current;
        }
        if (scheduler != null) {
            scheduler.shutdown();
        }
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

    /** The configured worker id, kept across restarts, or a new one for this start. */
    static String workerId(dev.driftwatch.config.ConsumerConfig consumer) {
        return consumer.workerId().isEmpty() ? hostName() + ":" + UUID.randomUUID() : consumer.workerId();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
