package dev.driftwatch.demo;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The accounting of one race: what the writers did, what the table lost, and what driftwatch found,
 * in four parts built by name, and for writers that stamp nothing what their own log tells.
 */
public record RaceReport(
        Setup setup, Detection detection, WriterTally writes, Timings timings, Optional<UnstampedAccount> unstamped) {
    public RaceReport {
        java.util.Objects.requireNonNull(unstamped, "unstamped");
    }

    public RaceReport(Setup setup, Detection detection, WriterTally writes, Timings timings) {
        this(setup, detection, writes, timings, Optional.empty());
    }

    /** What raced: the mode, the table, how many writers on how many items, how many operations. */
    public record Setup(String mode, String table, int writers, int items, long ops) {}

    /**
     * What was lost and what driftwatch saw.
     *
     * @param records stream records the pipeline audited
     * @param actualLostUnits Σ over items of (final quantity − (initial + Σ intended deltas))
     * @param detectedLostUnits Σ of {@code lostUnits} over the findings stored in the audit table
     * @param itemsMismatched items whose detected lost units differ from their actual lost units
     * @param lostUpdateFindings findings of class LOST_UPDATE
     * @param duplicateWriteFindings findings of class DUPLICATE_WRITE (a write applied again by a retry)
     */
    public record Detection(
            long records,
            long actualLostUnits,
            long detectedLostUnits,
            int itemsMismatched,
            SortedMap<String, Long> findingsByRule,
            long lostUpdateFindings,
            long duplicateWriteFindings) {
        public Detection {
            findingsByRule = new TreeMap<>(findingsByRule);
        }
    }

    /**
     * What the writers' requests did.
     *
     * @param responsesDropped responses the proxy cut off after the write landed (retry modes)
     * @param writesNotApplied writes that did not apply (conflict after all retries, too little stock)
     * @param conflictsRetried conditional-check failures the safe writers retried
     */
    public record WriterTally(long responsesDropped, long writesNotApplied, long conflictsRetried) {}

    /** @param consumerStartMillis from scheduler start to the first record processed, -1 if none */
    public record Timings(long consumerStartMillis, long raceMillis, long catchUpMillis) {}

    public String mode() {
        return setup.mode();
    }

    public String table() {
        return setup.table();
    }

    public int writers() {
        return setup.writers();
    }

    public int items() {
        return setup.items();
    }

    public long ops() {
        return setup.ops();
    }

    public long records() {
        return detection.records();
    }

    public long actualLostUnits() {
        return detection.actualLostUnits();
    }

    public long detectedLostUnits() {
        return detection.detectedLostUnits();
    }

    public int itemsMismatched() {
        return detection.itemsMismatched();
    }

    public SortedMap<String, Long> findingsByRule() {
        return detection.findingsByRule();
    }

    public long lostUpdateFindings() {
        return detection.lostUpdateFindings();
    }

    public long duplicateWriteFindings() {
        return detection.duplicateWriteFindings();
    }

    public long responsesDropped() {
        return writes.responsesDropped();
    }

    public long writesNotApplied() {
        return writes.writesNotApplied();
    }

    public long conflictsRetried() {
        return writes.conflictsRetried();
    }

    public long consumerStartMillis() {
        return timings.consumerStartMillis();
    }

    public long raceMillis() {
        return timings.raceMillis();
    }

    public long catchUpMillis() {
        return timings.catchUpMillis();
    }

    /** driftwatch accounts for every lost unit, item by item. */
    public boolean accountsForEveryUnit() {
        return actualLostUnits() == detectedLostUnits() && itemsMismatched() == 0;
    }

    /**
     * The demo's promise. Writers that stamp nothing: see {@link UnstampedAccount#passed}. Other unsafe
     * writers: every lost (or doubly applied) unit accounted for. Safe
     * writers: nothing lost, nothing detected, no LOST_UPDATE or DUPLICATE_WRITE finding.
     */
    public boolean passed() {
        if (unstamped.isPresent()) {
            return unstamped.get().passed(actualLostUnits());
        }
        if (RaceMode.parse(mode()).corruptsStock()) {
            return accountsForEveryUnit();
        }
        return accountsForEveryUnit()
                && actualLostUnits() == 0
                && lostUpdateFindings() == 0
                && duplicateWriteFindings() == 0;
    }

    public long findings() {
        return findingsByRule().values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("mode", mode());
        map.put("table", table());
        map.put("writers", writers());
        map.put("items", items());
        map.put("ops", ops());
        map.put("records", records());
        map.put("actualLostUnits", actualLostUnits());
        map.put("detectedLostUnits", detectedLostUnits());
        map.put("itemsMismatched", itemsMismatched());
        map.put("findingsByRule", findingsByRule());
        map.put("lostUpdateFindings", lostUpdateFindings());
        map.put("duplicateWriteFindings", duplicateWriteFindings());
        map.put("responsesDropped", responsesDropped());
        map.put("writesNotApplied", writesNotApplied());
        map.put("conflictsRetried", conflictsRetried());
        map.put("consumerStartMillis", consumerStartMillis());
        map.put("raceMillis", raceMillis());
        map.put("catchUpMillis", catchUpMillis());
        unstamped.ifPresent(account -> map.put("unstamped", account));
        return map;
    }
}
