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
 * Delivers the outbox off the shards' threads: newly stored findings arrive through {@link #offer}, pending ones
 * left by an earlier run (or a failed send) are resumed from the outbox every {@code resumeInterval}. This thread
 * claims and groups them; each sink then has its own queue and thread ({@link SinkLane}), so a sink that is down or
 * slow delays only its own alerts, and after {@value #TRIP_AFTER} alerts in a row that failed every retry its breaker
 * opens: its alerts stay pending in the outbox (not in memory) and one probes it later. Each sink gets each finding at
 * least once; a finding leaves the outbox when every sink has it, and each sink's delivery is recorded as it happens.
 * Retries back off from {@code retryBackoff}, doubling up to a minute.
 *
 * <p>Memory is bounded: at most {@code maxInFlight} findings are held (queued, in a digest or being sent), without
 * their images (no payload carries them). A finding offered beyond that stays pending in the outbox and is resumed
 * from its index once there is room.
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
    /** Findings held in memory at most, by default (without images: a few KB each). */
    public static final int MAX_IN_FLIGHT = 10_000;
    /** Alerts in a row that failed every retry before a sink's breaker opens. */
    static final int TRIP_AFTER = 3;

    static final Duration BREAKER_FIRST_OPEN = Duration.ofSeconds(30);
    static final Duration BREAKER_MAX_OPEN = Duration.ofMinutes(10);

    private final String watchedTable;
    private final List<SinkLane> lanes;
    private final Set<String> sinkNames;
    private final int maxInFlight;
    private final AlertOutbox outbox;
    private final AlertsConfig policy;
    private final DeliveryListener listener;
    private final Clock clock;
    private final AlertGrouper grouper;
    private final BlockingQueue<PendingAlert> queue = new LinkedBlockingQueue<>();
    /** Findings queued, grouped or being sent, by id: the resumer skips them. */
    private final Map<String, PendingAlert> inFlight = new ConcurrentHashMap<>();
    /** Slots of the memory bound taken: reserved before a finding enters the in-flight set, freed as it leaves. */
    private final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

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
    /** Offered while {@code maxInFlight} were held: left pending in the outbox for the resumer. */
    private final java.util.concurrent.atomic.AtomicLong deferred = new java.util.concurrent.atomic.AtomicLong();

    private volatile boolean lastResumeFull;
    /** A finding was deferred since the last resume: the next one also takes findings queued just now. */
    private volatile boolean deferredSinceResume;
    /** Backlog resumes come at most this often: each is a query of the outbox's index. */
    private static final Duration BACKLOG_RESUME_GAP = Duration.ofMillis(250);

    public AlertDispatcher(
            String watchedTable,
            List<AlertSink> sinks,
            AlertOutbox outbox,
            AlertsConfig policy,
            DeliveryListener listener,
            Clock clock) {
        this(watchedTable, sinks, outbox, policy, listener, clock, MAX_IN_FLIGHT);
    }

    /** With another bound on the findings held in memory (tests, the memory benchmark). */
    AlertDispatcher(
            String watchedTable,
            List<AlertSink> sinks,
            AlertOutbox outbox,
            AlertsConfig policy,
            DeliveryListener listener,
            Clock clock,
            int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got: " + maxInFlight);
        }
        this.watchedTable = watchedTable;
        this.maxInFlight = maxInFlight;
        this.sinkNames = new HashSet<>();
        List<SinkLane> built = new ArrayList<>();
        for (AlertSink sink : sinks) {
            sinkNames.add(sink.name());
            built.add(new SinkLane(
                    sink,
                    this::sendWithRetries,
                    new Breaker(TRIP_AFTER, BREAKER_FIRST_OPEN, BREAKER_MAX_OPEN),
                    clock,
                    // A lane's share of the bound, in alerts: past it the sink's alerts wait in the outbox, so a sink
                    // that hangs cannot hold every slot while the others could send.
                    Math.max(10, maxInFlight / 10)));
        }
        this.lanes = List.copyOf(built);
        this.outbox = outbox;
        this.policy = policy;
        this.listener = listener;
        this.clock = clock;
        // Half the bound per digest: a storm's digests go out as they fill, never holding every slot for a window.
        this.grouper = new AlertGrouper(policy.digestAfter(), policy.digestWindow(), Math.max(1, maxInFlight / 2));
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
        lanes.forEach(SinkLane::start);
        thread.start();
        return this;
    }

    @Override
    public void offer(Finding finding) {
        offer(PendingAlert.fresh(finding));
    }

    /**
     * Queues a finding whose outbox state is known (a resend), unless it is already on its way; held without its
     * images. Beyond {@code maxInFlight} held, it is left pending in the outbox, for the resumer.
     */
    public void offer(PendingAlert pending) {
        if (closing) {
            return; // stays pending in the outbox for the next run
        }
        if (!reserve()) {
            deferredSinceResume = true;
            if (deferred.incrementAndGet() % 1000 == 1) {
                LOG.warn(
                        "alerts beyond the memory bound left pending in the outbox maxInFlight={} deferred={}",
                        maxInFlight,
                        deferred.get());
            }
            return;
        }
        Finding light = pending.finding().toBuilder()
                .oldImage(Map.of())
                .newImage(Map.of())
                .build();
        PendingAlert entry = new PendingAlert(light, pending.sentTo());
        if (inFlight.putIfAbsent(light.id(), entry) == null) {
            queue.add(entry);
        } else {
            held.decrementAndGet(); // already on its way
        }
    }

    /**
     * Takes a slot of the bound. With no resumer (an operator's resend, an offline pipeline) nothing would take a
     * deferred finding up again, so the caller waits for a slot instead.
     */
    private boolean reserve() {
        while (true) {
            int now = held.get();
            if (now < maxInFlight) {
                if (held.compareAndSet(now, now + 1)) {
                    return true;
                }
                continue;
            }
            if (resumePending || closing) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Takes the finding out of the in-flight set and frees its slot. */
    private void forget(String findingId) {
        if (inFlight.remove(findingId) != null) {
            held.decrementAndGet();
        }
    }

    /** Findings offered while the bound was reached, left pending in the outbox (resumed from it later). */
    public long deferred() {
        return deferred.get();
    }

    /** Findings accepted and not yet through every sink (or given up on for this round). */
    public int inFlight() {
        return held.get();
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
        for (SinkLane lane : lanes) {
            lane.close(Math.max(0, Duration.between(clock.instant(), giveUpAt).toMillis()) + 1000);
        }
        boolean everythingDealtWith = inFlight.isEmpty(); // before the claims still held are given up
        releaseAll();
        return everythingDealtWith;
    }

    private void run() {
        Instant nextResume = clock.instant();
        Instant lastResume = Instant.MIN;
        try {
            while (true) {
                Instant now = clock.instant();
                if (closing) {
                    drainForClose();
                    return;
                }
                for (Alert digest : grouper.due(now)) {
                    dispatch(digest);
                }
                // Sooner than the interval while the outbox holds more than the last round could take (a burst left
                // beyond the memory bound) and there is room again.
                boolean backlog = lastResumeFull
                        && held.get() < maxInFlight / 2
                        && !now.isBefore(lastResume.plus(BACKLOG_RESUME_GAP));
                if (resumePending && (!now.isBefore(nextResume) || backlog)) {
                    resume(now);
                    lastResume = clock.instant();
                    nextResume = lastResume.plus(policy.resumeInterval());
                }
                Instant wakeAt = grouper.nextDue()
                        .filter(due -> due.isBefore(now.plusSeconds(1)))
                        .orElse(now.plusSeconds(1));
                long waitMillis = Math.max(1, Duration.between(now, wakeAt).toMillis());
                if (lastResumeFull) {
                    waitMillis = Math.min(waitMillis, 50); // a backlog in the outbox: look for room again soon
                }
                if (resumePending) {
                    waitMillis = Math.max(
                            1,
                            Math.min(
                                    waitMillis,
                                    Duration.between(now, nextResume).toMillis()));
                }
                PendingAlert next = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (next != null && claimed(next.finding(), claimFor, true)) {
                    Optional<Alert> alone = grouper.accept(next.finding(), clock.instant());
                    if (alone.isPresent()) {
                        dispatch(alone.get());
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
        }
    }

    private void drainForClose() {
        List<PendingAlert> rest = new ArrayList<>();
        queue.drainTo(rest);
        for (PendingAlert pending : rest) {
            if (!claimed(pending.finding(), claimFor, true)) {
                continue;
            }
            Optional<Alert> alone = grouper.accept(pending.finding(), clock.instant());
            if (alone.isPresent()) {
                dispatch(alone.get());
            }
        }
        for (Alert digest : grouper.drain()) {
            dispatch(digest);
        }
    }

    private void resume(Instant now) {
        List<PendingAlert> candidates;
        try {
            // Alerts queued within the last interval may be on their way in another worker; but findings this one
            // deferred (the bound was reached) are nobody's: take them up now (a claim settles who sends).
            boolean takeRecent = deferredSinceResume;
            deferredSinceResume = false;
            candidates =
                    outbox.pending(watchedTable, takeRecent ? now : now.minus(policy.resumeInterval()), RESUME_BATCH);
        } catch (RuntimeException e) {
            LOG.warn("alert outbox read failed error=\"{}\"", e.toString());
            return;
        }
        int resumed = 0;
        for (PendingAlert candidate : candidates) {
            if (held.get() >= maxInFlight) {
                break; // the rest stays pending for a later round
            }
            if (inFlight.containsKey(candidate.finding().id()) || waitsOnlyForOpenBreakers(candidate, now)) {
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
        // Only a full page that yielded something is a backlog worth an early round: a page of alerts in flight or
        // waiting for an open breaker would otherwise be read again and again.
        lastResumeFull = candidates.size() >= RESUME_BATCH && (resumed > 0 || held.get() >= maxInFlight);
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
            forget(finding.id());
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
                    // Never let go here: only the alert's Round takes a finding out of the in-flight set.
                    return held != null && held.isAfter(renewBefore) || claimed(finding, claimFor, false);
                })
                .toList();
        return ours.isEmpty() ? Optional.empty() : Optional.of(alert.narrowedTo(ours));
    }

    /** Gives up every claim still held (the thread ends): the alerts stay pending for the next resume anywhere. */
    private void releaseAll() {
        for (String id : List.copyOf(inFlight.keySet())) {
            PendingAlert pending = inFlight.get(id);
            if (pending != null) {
                release(pending.finding());
            }
            forget(id);
        }
        heldUntil.clear();
    }

    /** Every sink the alert's findings lack has an open breaker: taking it up would only release it again. */
    private boolean waitsOnlyForOpenBreakers(PendingAlert candidate, Instant now) {
        boolean anyMissing = false;
        for (SinkLane lane : lanes) {
            if (!candidate.sentTo().contains(lane.name())) {
                anyMissing = true;
                if (!lane.isOpen(now)) {
                    return false;
                }
            }
        }
        return anyMissing;
    }

    /**
     * Hands the alert to the lane of each sink that some of its findings lack; never blocks. A lane that refuses it
     * (breaker open, queue full) leaves those findings pending for that sink.
     */
    private void dispatch(Alert alert) {
        Round round = new Round(alert);
        List<SinkLane> targets = new ArrayList<>();
        Map<SinkLane, List<Finding>> missingBySink = new HashMap<>();
        for (SinkLane lane : lanes) {
            List<Finding> missing = round.lacking(lane.name());
            if (!missing.isEmpty()) {
                targets.add(lane);
                missingBySink.put(lane, missing);
            }
        }
        round.expect(targets.size());
        for (SinkLane lane : targets) {
            List<Finding> missing = missingBySink.get(lane);
            SinkLane.Job job = new SinkLane.Job(alert.narrowedTo(missing), has -> round.laneDone(lane.name(), has));
            if (!lane.offer(job)) {
                round.laneDone(lane.name(), Set.of());
            }
        }
    }

    /**
     * One alert on its way to its sinks: which sinks each finding has, recorded in the outbox as each lane delivers;
     * when the last lane is through, findings that every sink has leave the outbox, the others are released (still
     * pending, for the next resume here or in another worker).
     */
    private final class Round {
        private final Alert alert;
        private final Map<String, Set<String>> has = new HashMap<>();
        private final Set<String> recordedComplete = new HashSet<>();
        private int lanesLeft;

        Round(Alert alert) {
            this.alert = alert;
            for (Finding finding : alert.findings()) {
                PendingAlert pending = inFlight.get(finding.id());
                has.put(finding.id(), new HashSet<>(pending == null ? Set.of() : pending.sentTo()));
            }
        }

        synchronized List<Finding> lacking(String sink) {
            return alert.findings().stream()
                    .filter(finding -> !has.get(finding.id()).contains(sink))
                    .toList();
        }

        synchronized void expect(int lanes) {
            lanesLeft = lanes;
            if (lanes == 0) {
                finish();
            }
        }

        synchronized void laneDone(String sink, Set<String> nowHave) {
            for (Finding finding : alert.findings()) {
                if (nowHave.contains(finding.id())) {
                    Set<String> sinks = has.get(finding.id());
                    sinks.add(sink);
                    boolean complete = sinks.containsAll(sinkNames);
                    record(finding, Set.of(sink), complete);
                    if (complete) {
                        recordedComplete.add(finding.id());
                    }
                }
            }
            if (--lanesLeft == 0) {
                finish();
            }
        }

        private void finish() {
            for (Finding finding : alert.findings()) {
                boolean complete = has.get(finding.id()).containsAll(sinkNames);
                if (complete && !recordedComplete.contains(finding.id())) {
                    // Every sink had it before this round (a sink removed from the configuration, another worker's
                    // sends): it leaves the outbox now rather than be claimed again at every resume.
                    record(finding, Set.of(), true);
                }
                if (!complete) {
                    release(finding); // still pending: the next resume, here or in another worker, takes it
                }
                heldUntil.remove(finding.id());
                forget(finding.id());
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

    /**
     * The lane's send: renews the claims first (another worker may hold some findings by now, or have sent them to
     * this sink), then sends with retries, renewing before each retry and stopping once another worker holds any.
     */
    private SinkLane.Sent sendWithRetries(AlertSink sink, Alert offered) throws InterruptedException {
        Optional<Alert> renewed = stillOurs(offered);
        if (renewed.isEmpty()) {
            return SinkLane.Sent.NOTHING; // another worker took these over (our claim had expired), or unknown
        }
        Set<String> already = new HashSet<>();
        List<Finding> missing = new ArrayList<>();
        for (Finding finding : renewed.get().findings()) {
            PendingAlert current = inFlight.get(finding.id());
            if (current != null && current.sentTo().contains(sink.name())) {
                already.add(finding.id()); // another worker sent it to this sink meanwhile
            } else {
                missing.add(finding);
            }
        }
        if (missing.isEmpty()) {
            return new SinkLane.Sent(already, SinkLane.Verdict.NONE); // the sink was not tried: no verdict on it
        }
        Alert alert = renewed.get().narrowedTo(missing);
        Delivery delivery = sendOnce(sink, alert);
        if (delivery == Delivery.TAKEN_OVER) {
            return new SinkLane.Sent(already, SinkLane.Verdict.NONE);
        }
        report(sink.name(), delivery == Delivery.DELIVERED);
        if (delivery == Delivery.FAILED) {
            return new SinkLane.Sent(already, SinkLane.Verdict.FAILED);
        }
        Set<String> has = new HashSet<>(already);
        missing.forEach(finding -> has.add(finding.id()));
        return new SinkLane.Sent(has, SinkLane.Verdict.DELIVERED);
    }

    private enum Delivery {
        DELIVERED,
        FAILED,
        /** Retries stopped: another worker holds some of these now. Says nothing of the sink. */
        TAKEN_OVER
    }

    private Delivery sendOnce(AlertSink sink, Alert alert) throws InterruptedException {
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
                    return Delivery.TAKEN_OVER;
                }
            }
            try {
                sink.send(alert);
                return Delivery.DELIVERED;
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
                    return Delivery.FAILED;
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
