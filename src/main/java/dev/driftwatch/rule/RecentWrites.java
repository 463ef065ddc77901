package dev.driftwatch.rule;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The write ids an item's recent records carried, with the sequence number of the record that first
 * carried each: lets duplicate-apply see a write that landed again after other writes to the item.
 * Bounded (least recently changed items and oldest ids go first) and in memory: a duplicate whose
 * two applications straddle a daemon restart is only caught when they are consecutive.
 */
final class RecentWrites {
    static final int ITEMS = 20_000;
    static final int IDS_PER_ITEM = 16;

    private final Map<String, LinkedHashMap<String, BigInteger>> items = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LinkedHashMap<String, BigInteger>> eldest) {
            return size() > ITEMS;
        }
    };

    /**
     * Records that {@code writeId} reached {@code item} at {@code sequence}; returns the sequence at
     * which it reached the item before, when that was an earlier record.
     */
    synchronized Optional<BigInteger> seenEarlier(String item, String writeId, BigInteger sequence) {
        LinkedHashMap<String, BigInteger> ids = items.computeIfAbsent(item, k -> new LinkedHashMap<>(32, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, BigInteger> eldest) {
                return size() > IDS_PER_ITEM;
            }
        });
        BigInteger first = ids.get(writeId);
        if (first == null) {
            ids.put(writeId, sequence);
            return Optional.empty();
        }
        if (sequence.compareTo(first) < 0) {
            ids.put(writeId, sequence); // a redelivered earlier record: it is the first application
            return Optional.empty();
        }
        return sequence.equals(first) ? Optional.empty() : Optional.of(first);
    }
}
