package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns bursts into digests: while fewer than {@code after} findings of a rule and table arrived in
 * the last {@code window}, a finding is alerted alone; beyond that it joins that rule and table's
 * digest, sent one window after it opened. A storm thus pages {@code after} times, then once per
 * window. A digest that reaches {@code maxPerDigest} findings is sent at once (the dispatcher holds a bounded number
 * of findings in memory, and a storm must not hold them all in a digest until its window closes). Not thread-safe:
 * the dispatcher's thread owns it.
 */
final class AlertGrouper {
    private final int after;
    private final Duration window;
    private final int maxPerDigest;
    /** Per rule and table, the arrival times of its last {@code after} findings. */
    private final Map<String, Deque<Instant>> arrivals = new HashMap<>();

    private final Map<String, OpenDigest> open = new HashMap<>();

    AlertGrouper(int after, Duration window) {
        this(after, window, Integer.MAX_VALUE);
    }

    AlertGrouper(int after, Duration window, int maxPerDigest) {
        if (maxPerDigest < 1) {
            throw new IllegalArgumentException("maxPerDigest must be at least 1, got: " + maxPerDigest);
        }
        this.after = after;
        this.window = window;
        this.maxPerDigest = maxPerDigest;
    }

    /**
     * The finding's own alert now, or the digest it filled (sent now, at {@code maxPerDigest}), or empty when it joined
     * a digest that waits for its window.
     */
    Optional<Alert> accept(Finding finding, Instant now) {
        String key = finding.ruleId() + "\u0000" + finding.table();
        Deque<Instant> recent = arrivals.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(window))) {
            recent.removeFirst();
        }
        boolean burst = recent.size() >= after;
        recent.addLast(now);
        if (recent.size() > after) {
            recent.removeFirst();
        }
        OpenDigest digest = open.get(key);
        if (digest == null && !burst) {
            return Optional.of(Alert.single(finding));
        }
        if (digest == null) {
            digest = new OpenDigest(now.plus(window));
            open.put(key, digest);
        }
        digest.findings.add(finding);
        if (digest.findings.size() >= maxPerDigest) {
            open.remove(key); // the next finding of the storm opens the next digest
            return Optional.of(Alert.digestOf(digest.findings));
        }
        return Optional.empty();
    }

    /** Digests whose window has closed, removed from the open set. */
    List<Alert> due(Instant now) {
        List<Alert> due = new ArrayList<>();
        for (Iterator<OpenDigest> it = open.values().iterator(); it.hasNext(); ) {
            OpenDigest digest = it.next();
            if (!digest.dueAt.isAfter(now)) {
                due.add(Alert.digestOf(digest.findings));
                it.remove();
            }
        }
        return due;
    }

    /** Every open digest, now (on shutdown). */
    List<Alert> drain() {
        List<Alert> all = new ArrayList<>();
        open.values().forEach(digest -> all.add(Alert.digestOf(digest.findings)));
        open.clear();
        return all;
    }

    Optional<Instant> nextDue() {
        return open.values().stream().map(digest -> digest.dueAt).min(Instant::compareTo);
    }

    private static final class OpenDigest {
        final Instant dueAt;
        final List<Finding> findings = new ArrayList<>();

        OpenDigest(Instant dueAt) {
            this.dueAt = dueAt;
        }
    }
}
