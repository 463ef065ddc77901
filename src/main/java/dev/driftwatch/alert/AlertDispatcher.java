package dev.driftwatch.alert;

import dev.driftwatch.config.AlertsConfig;
import dev.driftwatch.finding.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox on its own thread, so a slow sink never holds up a shard: newly stored
 * findings arrive through {@link #offer}, pending ones left by an earlier run (or a failed send) are
 * resumed from the outbox every {@code resumeInterval}. Each sink gets each finding at least once;
 * a finding leaves the outbox when every sink has it. Retries back off from {@code retryBackoff},
 * doubling up to a minute.
 *
 * <p>Several workers share one outbox: an alert is claimed in the outbox before this dispatcher takes it on, for
 * longer than a digest holds it, and the claim is renewed before each send; an alert another worker holds is
 * left to it, and one whose claim could not be renewed is not sent. A crashed worker's claims expire and another
 * worker's resumer sends its alerts.
 */
public final class AlertDispatcher implements AlertQueue {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final int RESUME_BATCH = 500;

    private final String watchedTable;
    private final List<AlertSink> sinks;
    private final Set<String> sinkNames;
    private final AlertOutbox outbox;
    private final AlertsConfig policy;
    private final DeliveryListener listener;
    private final Clock clock;
    private final AlertGrouper grouper;
    private final BlockingQueue<PendingAlert> queue = new LinkedBlockingQueue<>();
    /** Findings queued, grouped or being sent, by id: the resumer skips them. */
    private final Map<String, PendingAlert> inFlight = new ConcurrentHashMap<>();

    private final Thread thread;
    /** This dispatcher's name in the outbox's claims. */
    private final String owner = "dispatcher-" + UUID.randomUUID();
    /**
     * How long a claim lasts from its last renewal: a resume interval and a margin. It is renewed before each
     * sink's send, and held for a digest's whole window while a finding waits in one.
     */
    private final Duration claimFor;
    /** Until when this dispatcher's claims last, by finding id (what it last wrote). */
    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();

    private volatile boolean resumePending;
    private volatile boolean closing;
    private volatile Instant giveUpAt = Instant.MAX;

    public AlertDispatcher(
            String watchedTable,
            List<AlertSink> sinks,
            AlertOutbox outbox,
            AlertsConfig policy,
            DeliveryListener listener,
            Clock clock) {
        this.watchedTable = watchedTable;
        this.sinks = List.copyOf(sinks);
        this.sinkNames = new HashSet<>();
        this.sinks.forEach(sink -> sinkNames.add(sink.name()));
        this.outbox = outbox;
        this.policy = policy;
        this.listener = listener;
        this.clock = clock;
        this.grouper = new AlertGrouper(policy.digestAfter(), policy.digestWindow());
        this.claimFor = policy.resumeInterval().plus(Duration.ofSeconds(30));
        this.thread = new Thread(this::run, "driftwatch-alerts");
        this.thread.setDaemon(true);
    }

    /**
     * Starts delivering. With {@code resumePending} the outbox's pending alerts of the watched table
     * are picked up now and every resume interval (the daemon); without, only offered findings are
     * sent (an operator's resend).
     */
    public AlertDispatcher start(boolean resumePending) {
        this.resumePending = resumePending;
        thread.start();
        return this;
    }

    @Override
    public void offer(Finding finding) {
        offer(PendingAlert.fresh(finding));
    }

    /** Queues a finding whose outbox state is known (a resend), unless it is already on its way. */
    public void offer(PendingAlert pending) {
        if (closing) {
            return; // stays pending in the outbox for the next run
        }
        if (inFlight.putIfAbsent(pending.finding().id(), pending) == null) {
            queue.add(pending);
        }
    }

    /** Findings accepted and not yet through every sink (or given up on for this round). */
    public int inFlight() {
        return inFlight.size();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Sends open digests and queued alerts now, until {@code timeout}; what is left stays pending in
     * the outbox. Returns whether everything accepted was dealt with.
     */
    public boolean close(Duration timeout) {
        giveUpAt = clock.instant().plus(timeout);
        closing = true;
        try {
            thread.join(timeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        return inFlight.isEmpty();
    }

    private void run() {
        Instant nextResume = clock.instant();
        try {
            while (true) {
                Instant now = clock.instant();
                if (closing) {
                    drainForClose();
                    return;
                }
                for (Alert digest : grouper.due(now)) {
                    deliver(digest);
                }
                if (resumePending && !now.isBefore(nextResume)) {
                    resume(now);
                    nextResume = clock.instant().plus(policy.resumeInterval());
                }
                Instant wakeAt = grouper.nextDue()
                        .filter(due -> due.isBefore(now.plusSeconds(1)))
                        .orElse(now.plusSeconds(1));
                long waitMillis = Math.max(1, Duration.between(now, wakeAt).toMillis());
                PendingAlert next = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (next != null && claimed(next.finding(), claimFor, true)) {
                    Optional<Alert> alone = grouper.accept(next.finding(), clock.instant());
                    if (alone.isPresent()) {
                        deliver(alone.get());
                    } else {
                        // Held for a digest: nobody else sends it while it waits. A failed renewal keeps it here:
                        // the digest sends it, after the claim is checked again.
                        claimed(next.finding(), policy.digestWindow().plus(claimFor), false);
                    }
                }
            }
        } catch (InterruptedException e) {
            LOG.warn("alert dispatcher interrupted pendingAlerts={}", inFlight.size());
        } catch (RuntimeException e) {
            LOG.error("alert dispatcher stopped pendingAlerts={}", inFlight.size(), e);
        } finally {
            releaseAll();
        }
    }

    private void drainForClose() throws InterruptedException {
        List<PendingAlert> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (PendingAlert pending : rest) {
            if (!claimed(pending.finding(), claimFor, true)) {
                continue;
            }
            Optional<Alert> alone = grouper.accept(pending.finding(), clock.instant());
            if (alone.isPresent()) {
                deliver(alone.get());
            }
        }
        for (Alert digest : grouper.drain()) {
            deliver(digest);
        }
    }

    private void resume(Instant now) {
        List<PendingAlert> candidates;
        try {
            // Alerts queued within the last interval may be on their way in another worker.
            candidates = outbox.pending(watchedTable, now.minus(policy.resumeInterval()), RESUME_BATCH);
        } catch (RuntimeException e) {
            LOG.warn("alert outbox read failed error=\"{}\"", e.toString());
            return;
        }
        int resumed = 0;
        for (PendingAlert candidate : candidates) {
            if (inFlight.containsKey(candidate.finding().id())) {
                continue;
            }
            Optional<PendingAlert> current;
            try {
                current = outbox.reread(candidate.finding());
            } catch (RuntimeException e) {
                LOG.warn(
                        "alert pending unreadable findingId={} error=\"{}\"",
                        candidate.finding().id(),
                        e.toString());
                continue;
            }
            if (current.isPresent()) {
                offer(current.get());
                resumed++;
            }
        }
        if (resumed > 0) {
            LOG.info("alerts resumed from outbox count={}", resumed);
        }
    }

    /**
     * Claims (or renews the claim of) the finding's alert for this dispatcher, and takes the sinks it has from
     * the outbox (another worker may have sent it to some since it was listed). Refused, or unknown because the
     * outbox could not be written: not this dispatcher's to send now; with {@code letGo} it leaves the in-flight
     * set (it stays pending in the outbox for its holder, or for the next resume).
     */
    private boolean claimed(Finding finding, Duration lasting, boolean letGo) {
        Instant now = clock.instant();
        Optional<Set<String>> sentTo;
        try {
            sentTo = outbox.claim(finding, owner, now.plus(lasting), now);
        } catch (RuntimeException e) {
            LOG.warn("alert claim failed, left pending findingId={} error=\"{}\"", finding.id(), e.toString());
            sentTo = Optional.empty();
        }
        if (sentTo.isPresent()) {
            heldUntil.put(finding.id(), now.plus(lasting));
            Set<String> has = sentTo.get();
            inFlight.computeIfPresent(finding.id(), (id, pending) -> new PendingAlert(finding, has));
            return true;
        }
        heldUntil.remove(finding.id());
        if (letGo) {
            inFlight.remove(finding.id());
        }
        return false;
    }

    /**
     * The alert narrowed to the findings whose claims this dispatcher still holds; a claim with less than half its
     * time left is renewed first. Empty when none is ours any more.
     */
    private Optional<Alert> stillOurs(Alert alert) {
        Instant renewBefore = clock.instant().plus(claimFor.dividedBy(2));
        List<Finding> ours = alert.findings().stream()
                .filter(finding -> {
                    Instant held = heldUntil.get(finding.id());
                    return held != null && held.isAfter(renewBefore) || claimed(finding, claimFor, true);
                })
                .toList();
        return ours.isEmpty() ? Optional.empty() : Optional.of(alert.narrowedTo(ours));
    }

    /** Gives up every claim still held (the thread ends): the alerts stay pending for the next resume anywhere. */
    private void releaseAll() {
        for (String id : List.copyOf(inFlight.keySet())) {
            PendingAlert pending = inFlight.remove(id);
            if (pending != null) {
                release(pending.finding());
            }
        }
        heldUntil.clear();
    }

    private void deliver(Alert alert) throws InterruptedException {
        Map<String, Set<String>> has = new HashMap<>();
        for (Finding finding : alert.findings()) {
            PendingAlert pending = inFlight.get(finding.id());
            has.put(finding.id(), new HashSet<>(pending == null ? Set.of() : pending.sentTo()));
        }
        Map<String, Set<String>> newly = new HashMap<>();
        try {
            for (AlertSink sink : sinks) {
                List<Finding> missing = alert.findings().stream()
                        .filter(finding -> !has.get(finding.id()).contains(sink.name()))
                        .toList();
                if (missing.isEmpty()) {
                    continue;
                }
                Optional<Alert> renewed = stillOurs(alert.narrowedTo(missing));
                if (renewed.isEmpty()) {
                    continue; // another worker took these over (our claim had expired)
                }
                // A renewal reads the sinks each alert has now: another worker may have sent some meanwhile.
                missing = renewed.get().findings().stream()
                        .filter(finding -> {
                            PendingAlert current = inFlight.get(finding.id());
                            if (current != null) {
                                has.get(finding.id()).addAll(current.sentTo());
                            }
                            return !has.get(finding.id()).contains(sink.name());
                        })
                        .toList();
                if (missing.isEmpty()) {
                    continue;
                }
                boolean delivered = sendWithRetries(sink, alert.narrowedTo(missing));
                report(sink.name(), delivered);
                if (delivered) {
                    for (Finding finding : missing) {
                        has.get(finding.id()).add(sink.name());
                        newly.computeIfAbsent(finding.id(), id -> new HashSet<>())
                                .add(sink.name());
                    }
                }
            }
        } finally {
            for (Finding finding : alert.findings()) {
                Set<String> added = newly.getOrDefault(finding.id(), Set.of());
                boolean complete = has.get(finding.id()).containsAll(sinkNames);
                if (!added.isEmpty() || complete) {
                    record(finding, added, complete);
                }
                if (!complete) {
                    release(finding); // still pending: the next resume, here or in another worker, takes it
                }
                inFlight.remove(finding.id());
            }
        }
    }

    private void release(Finding finding) {
        try {
            outbox.release(finding, owner);
        } catch (RuntimeException e) {
            // The claim expires by itself; until then no other worker sends this alert.
            LOG.warn("alert claim not released findingId={} error=\"{}\"", finding.id(), e.toString());
        }
    }

    private void record(Finding finding, Set<String> newly, boolean complete) {
        try {
            outbox.markSent(finding, newly, complete);
        } catch (RuntimeException e) {
            // Sent but not recorded: it will be sent again (same dedup key), never lost.
            LOG.warn("alert state not recorded findingId={} error=\"{}\"", finding.id(), e.toString());
        }
    }

    private boolean sendWithRetries(AlertSink sink, Alert alert) throws InterruptedException {
        Duration backoff = policy.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                // Retries can outlast a claim: renew it, and stop if another worker holds any of these now.
                Optional<Alert> ours = stillOurs(alert);
                if (ours.isEmpty()
                        || ours.get().findings().size() < alert.findings().size()) {
                    LOG.info(
                            "alert retries stopped, another worker holds it now sink={} dedupKey={}",
                            sink.name(),
                            alert.dedupKey());
                    return false;
                }
            }
            try {
                sink.send(alert);
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                boolean last = attempt >= policy.retryAttempts()
                        || clock.instant().plus(backoff).isAfter(giveUpAt);
                if (last) {
                    LOG.error(
                            "alert delivery failed, stays pending sink={} attempts={} dedupKey={} rule={} table={} error=\"{}\"",
                            sink.name(),
                            attempt,
                            alert.dedupKey(),
                            alert.ruleId(),
                            alert.table(),
                            e.toString());
                    return false;
                }
                LOG.warn(
                        "alert delivery retrying sink={} attempt={} maxAttempts={} retryInMillis={} error=\"{}\"",
                        sink.name(),
                        attempt,
                        policy.retryAttempts(),
                        backoff.toMillis(),
                        e.toString());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void report(String sink, boolean delivered) {
        try {
            listener.sent(sink, delivered);
        } catch (RuntimeException e) {
            LOG.error("alert delivery listener failed error=\"{}\"", e.toString());
        }
    }
}
