package dev.driftwatch.streamgap;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import dev.driftwatch.rule.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stream-gap rule: a record whose old image is not the new image of the item's last record seen
 * means a change never reached the audit trail (records trimmed after 24 hours, a stream disabled and
 * enabled again, a table restored). The last state of each item is durable ({@link ItemStateStore}),
 * so the check holds across restarts, shard lineage and workers.
 *
 * <p>Two steps per batch: {@link #check} reads the states and finds the gaps; {@link Batch#commit}
 * stores the new states, to be called only after the findings are stored. A batch retried after a
 * failure in between finds the old states again and yields the same findings (same ids, stored once).
 * A worker's own last states are cached; a gap seen against a cached state is confirmed against the
 * store first, since another worker may have moved the item on meanwhile.
 */
public final class StreamGapCheck {
    private static final int CACHED_ITEMS = 100_000;

    private final String table;
    private final String versionAttribute;
    private final ItemStateStore store;
    private final Map<String, ItemState> cache = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ItemState> eldest) {
            return size() > CACHED_ITEMS;
        }
    });

    public StreamGapCheck(TableConfig table, ItemStateStore store) {
        this.table = table.name();
        this.versionAttribute = table.attributes().version();
        this.store = store;
    }

    /** One record found to follow a change the trail never saw. */
    public record Gap(ChangeRecord record, Violation violation) {}

    /** The gaps of a batch and the states to store once its findings are stored. */
    public final class Batch {
        private final List<Gap> gaps;
        private final Collection<ItemState> latest;

        private Batch(List<Gap> gaps, Collection<ItemState> latest) {
            this.gaps = List.copyOf(gaps);
            this.latest = List.copyOf(latest);
        }

        public List<Gap> gaps() {
            return gaps;
        }

        /** Stores the batch's last state per item; a newer state stored meanwhile wins and is not cached. */
        public void commit() {
            if (latest.isEmpty()) {
                return;
            }
            Set<String> refused = store.advance(table, latest);
            for (ItemState state : latest) {
                if (refused.contains(state.itemKey())) {
                    cache.remove(state.itemKey());
                } else {
                    cache.put(state.itemKey(), state);
                }
            }
        }
    }

    public Batch check(List<ChangeRecord> records) {
        Set<String> keys = new LinkedHashSet<>();
        records.forEach(record -> keys.add(record.itemKey()));
        Map<String, ItemState> known = new HashMap<>();
        List<String> uncached = new ArrayList<>();
        for (String key : keys) {
            ItemState cached = cache.get(key);
            if (cached == null) {
                uncached.add(key);
            } else {
                known.put(key, cached);
            }
        }
        Set<String> fromCache = new LinkedHashSet<>(known.keySet());
        if (!uncached.isEmpty()) {
            known.putAll(store.load(table, uncached));
        }
        Map<String, ItemState> latest = new LinkedHashMap<>();
        List<Gap> gaps = evaluate(records, known, latest);
        Set<String> toConfirm = new LinkedHashSet<>();
        gaps.forEach(gap -> {
            if (fromCache.contains(gap.record().itemKey())) {
                toConfirm.add(gap.record().itemKey());
            }
        });
        if (!toConfirm.isEmpty()) {
            toConfirm.forEach(cache::remove);
            toConfirm.forEach(known::remove);
            known.putAll(store.load(table, toConfirm));
            latest.clear();
            gaps = evaluate(records, known, latest);
        }
        return new Batch(gaps, latest.values());
    }

    private List<Gap> evaluate(
            List<ChangeRecord> records, Map<String, ItemState> known, Map<String, ItemState> latest) {
        List<Gap> gaps = new ArrayList<>();
        for (ChangeRecord record : records) {
            String key = record.itemKey();
            ItemState last = latest.containsKey(key) ? latest.get(key) : known.get(key);
            if (last != null && last.isAtOrAfter(record.sequenceNumber())) {
                continue; // redelivered, or older than what the trail has already seen
            }
            if (last != null && !last.imageDigest().equals(ImageDigest.of(record.oldImage()))) {
                gaps.add(new Gap(record, Violation.of(FindingClass.DRIFT, describe(record, last))));
            }
            latest.put(
                    key,
                    new ItemState(
                            key,
                            record.sequenceNumber(),
                            ImageDigest.of(record.newImage()),
                            record.newNumber(versionAttribute)));
        }
        return gaps;
    }

    private String describe(ChangeRecord record, ItemState last) {
        String seen = "sequence " + last.sequenceNumber()
                + last.version().map(v -> ", version " + v.toPlainString()).orElse("");
        if (record.eventName() == EventName.INSERT) {
            return "INSERT of an item the audit trail last saw present (" + seen
                    + "): its removal is missing from the stream";
        }
        if (ImageDigest.ABSENT.equals(last.imageDigest())) {
            return record.eventName() + " of an item the audit trail last saw removed (" + seen
                    + "): its re-creation is missing from the stream";
        }
        Optional<BigDecimal> oldVersion = record.oldNumber(versionAttribute);
        String versions = oldVersion.isPresent() && last.version().isPresent()
                ? ": version " + last.version().get().toPlainString() + " then, "
                        + oldVersion.get().toPlainString() + " before this change"
                : "";
        return "old image differs from the last new image seen (sequence " + last.sequenceNumber() + ")" + versions
                + ": a change of this item is missing from the stream";
    }
}
