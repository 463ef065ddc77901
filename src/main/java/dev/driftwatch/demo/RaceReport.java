package dev.driftwatch.demo;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The accounting of one race: what the writers did, what the table lost, and what driftwatch found.
 *
 * @param actualLostUnits Σ over items of (final quantity − (initial + Σ intended deltas))
 * @param detectedLostUnits Σ of {@code lostUnits} over the findings stored in the audit table
 * @param itemsMismatched items whose detected lost units differ from their actual lost units
 * @param consumerStartMillis from scheduler start to the first record processed
 */
public record RaceReport(
        String mode,
        String table,
        int writers,
        int items,
        long ops,
        long records,
        long actualLostUnits,
        long detectedLostUnits,
        int itemsMismatched,
        SortedMap<String, Long> findingsByRule,
        long consumerStartMillis,
        long raceMillis,
        long catchUpMillis) {

    public RaceReport {
        findingsByRule = new TreeMap<>(findingsByRule);
    }

    /** The demo's promise: driftwatch accounts for every lost unit, item by item. */
    public boolean accountsForEveryUnit() {
        return actualLostUnits == detectedLostUnits && itemsMismatched == 0;
    }

    public long findings() {
        return findingsByRule.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Object> asMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("mode", mode);
        map.put("table", table);
        map.put("writers", writers);
        map.put("items", items);
        map.put("ops", ops);
        map.put("records", records);
        map.put("actualLostUnits", actualLostUnits);
        map.put("detectedLostUnits", detectedLostUnits);
        map.put("itemsMismatched", itemsMismatched);
        map.put("findingsByRule", findingsByRule);
        map.put("consumerStartMillis", consumerStartMillis);
        map.put("raceMillis", raceMillis);
        map.put("catchUpMillis", catchUpMillis);
        return map;
    }
}
