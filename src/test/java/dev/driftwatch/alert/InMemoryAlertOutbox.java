package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The outbox's contract in memory, for the dispatcher's unit tests; DynamoDbAlertOutbox is tested against the endpoint. */
public final class InMemoryAlertOutbox implements AlertOutbox {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private static final class Entry {
        final Finding finding;
        final Set<String> sentTo = new HashSet<>();
        Instant queuedAt;
        boolean pending = true;
        String claimOwner;
        Instant claimUntil;

        Entry(Finding finding, Instant queuedAt) {
            this.finding = finding;
            this.queuedAt = queuedAt;
        }
    }

    synchronized void store(Finding finding, Instant queuedAt) {
        entries.put(finding.id(), new Entry(finding, queuedAt));
    }

    synchronized Set<String> sentTo(String id) {
        return Set.copyOf(entries.get(id).sentTo);
    }

    synchronized boolean isPending(String id) {
        return entries.get(id).pending;
    }

    private int pendingReads;

    /** How many times the outbox was asked for its pending alerts: the resumer's rounds. */
    public synchronized int pendingReads() {
        return pendingReads;
    }

    @Override
    public synchronized List<PendingAlert> pending(String watchedTable, Instant queuedBefore, int limit) {
        pendingReads++;
        List<PendingAlert> result = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.pending
                    && entry.finding.table().equals(watchedTable)
                    && entry.queuedAt.isBefore(queuedBefore)
                    && result.size() < limit) {
                result.add(new PendingAlert(entry.finding, entry.sentTo));
            }
        }
        return result;
    }

    @Override
    public synchronized Optional<PendingAlert> reread(Finding finding) {
        Entry entry = entries.get(finding.id());
        return entry == null || !entry.pending
                ? Optional.empty()
                : Optional.of(new PendingAlert(finding, entry.sentTo));
    }

    @Override
    public synchronized void markSent(Finding finding, Set<String> sinks, boolean complete) {
        Entry entry = entries.computeIfAbsent(finding.id(), id -> new Entry(finding, Instant.EPOCH));
        entry.sentTo.addAll(sinks);
        if (complete) {
            entry.pending = false;
        }
    }

    @Override
    public synchronized Optional<Set<String>> claim(Finding finding, String owner, Instant until, Instant now) {
        Entry entry = entries.computeIfAbsent(finding.id(), id -> new Entry(finding, Instant.EPOCH));
        if (!entry.pending) {
            return Optional.empty();
        }
        if (entry.claimOwner != null && !entry.claimOwner.equals(owner) && !entry.claimUntil.isBefore(now)) {
            return Optional.empty();
        }
        entry.claimOwner = owner;
        entry.claimUntil = until;
        return Optional.of(Set.copyOf(entry.sentTo));
    }

    @Override
    public synchronized void release(Finding finding, String owner) {
        Entry entry = entries.get(finding.id());
        if (entry != null && owner.equals(entry.claimOwner)) {
            entry.claimOwner = null;
            entry.claimUntil = null;
        }
    }

    @Override
    public synchronized void markPending(Finding finding, Instant now) {
        Entry entry = entries.get(finding.id());
        entry.claimOwner = null;
        entry.claimUntil = null;
        entry.sentTo.clear();
        entry.pending = true;
        entry.queuedAt = now;
    }
}
