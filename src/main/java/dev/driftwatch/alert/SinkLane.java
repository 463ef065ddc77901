package dev.driftwatch.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's own delivery: its queue, its thread, its retries and its breaker, so a sink that is down or slow holds
 * up only its own alerts. A job it cannot take (the breaker open, the queue full) is refused at once and its alert
 * stays pending in the outbox.
 */
final class SinkLane {
    private static final Logger LOG = LoggerFactory.getLogger(SinkLane.class);

    /** Sends one alert to the sink with retries. */
    interface Sender {
        Sent send(AlertSink sink, Alert alert) throws InterruptedException;
    }

    /** What a send says of the sink: delivered, failed every retry, or nothing (not tried, taken over). */
    enum Verdict {
        DELIVERED,
        FAILED,
        NONE
    }

    /** What a send came to: the ids of the findings that have the sink now, and what it says of the sink. */
    record Sent(Set<String> has, Verdict verdict) {
        static final Sent NOTHING = new Sent(Set.of(), Verdict.NONE);

        Sent {
            has = Set.copyOf(has);
        }
    }

    /** An alert for this sink, and what to do with the ids that have the sink once it is through. */
    record Job(Alert alert, Consumer<Set<String>> done) {}

    private final AlertSink sink;
    private final Sender sender;
    private final Breaker breaker;
    private final Clock clock;
    private final BlockingQueue<Job> queue;
    private final Thread thread;
    private volatile boolean closing;

    SinkLane(AlertSink sink, Sender sender, Breaker breaker, Clock clock, int capacity) {
        this.sink = sink;
        this.sender = sender;
        this.breaker = breaker;
        this.clock = clock;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "driftwatch-alerts-" + sink.name());
        this.thread.setDaemon(true);
    }

    String name() {
        return sink.name();
    }

    void start() {
        thread.start();
    }

    /** Takes the job, or refuses it (breaker open, queue full): then nothing was sent and it is not queued. */
    boolean offer(Job job) {
        if (closing || breaker.isOpen(clock.instant())) {
            return false;
        }
        return queue.offer(job);
    }

    /** The breaker is open: the resumer leaves alerts that wait only for this sink in the outbox. */
    boolean isOpen(Instant now) {
        return breaker.isOpen(now);
    }

    int queued() {
        return queue.size();
    }

    /**
     * Sends what is queued (each send bounded by the dispatcher's close deadline) and stops; waits up to
     * {@code millis}. Jobs left are done with nothing sent: they stay pending.
     */
    void close(long millis) {
        closing = true;
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(2000); // a send that ignores the interrupt: its claims are released only after
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!closing || !queue.isEmpty()) {
                Job job = queue.poll(200, TimeUnit.MILLISECONDS);
                if (job != null) {
                    deliver(job);
                }
            }
        } catch (InterruptedException e) {
            LOG.warn("alert sink lane interrupted sink={} queued={}", sink.name(), queue.size());
        } catch (Error e) {
            LOG.error("alert sink lane stopped sink={} error=\"{}\"", sink.name(), e.toString());
            closing = true; // take no more jobs: what it would have sent stays pending
            throw e;
        } finally {
            List<Job> left = new ArrayList<>();
            queue.drainTo(left);
            left.forEach(job -> job.done().accept(Set.of()));
        }
    }

    private void deliver(Job job) throws InterruptedException {
        Set<String> has = Set.of();
        boolean allowed = false;
        Verdict verdict = Verdict.NONE;
        try {
            allowed = breaker.allows(clock.instant());
            if (!allowed) {
                return; // opened while this job waited: stays pending
            }
            Sent sent = sender.send(sink, job.alert());
            has = sent.has();
            verdict = sent.verdict();
        } catch (RuntimeException e) {
            LOG.error("alert sink lane failed sink={} error=\"{}\"", sink.name(), e.toString());
        } finally {
            if (allowed && verdict == Verdict.NONE) {
                breaker.noVerdict(); // not tried, or not ours any more: says nothing of the sink; a probe is freed
            } else if (allowed) {
                breaker.record(verdict == Verdict.DELIVERED, clock.instant());
                if (verdict == Verdict.FAILED && breaker.isOpen(clock.instant())) {
                    LOG.error(
                            "alert sink breaker open, its alerts stay pending in the outbox sink={} queued={}",
                            sink.name(),
                            queue.size());
                }
            }
            job.done().accept(has);
        }
    }
}
