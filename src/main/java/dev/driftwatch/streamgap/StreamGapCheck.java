package dev.driftwatch.streamgap;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import dev.driftwatch.rule.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The stream-gap rule: a record whose old image is not the new image of the item's last record seen
 * means a change never reached the audit trail (records skipped by a reader, trimmed after 24 hours, a stream
 * disabled and enabled again, a table restored). Where the last state of each item is kept is the
 * {@link GapStates}' business: in memory per lease (the default, free), or durable in the audit table.
 *
 * <p>Two steps per batch: {@link #check} reads the states and finds the gaps; {@link Batch#commit}
 * keeps the new states, to be called only after the findings are stored. A batch retried after a
 * failure in between finds the old states again and yields the same findings (same ids, stored once).
 * A gap seen against a state that may be stale is confirmed against fresh states first.
 */
public final class StreamGapCheck {
    private final String versionAttribute;
    private final GapStates states;

    /** With the durable states of {@code store}. */
    public StreamGapCheck(TableConfig table, ItemStateStore store) {
        this(table, new DurableGapStates(table.name(), store));
    }

    public StreamGapCheck(TableConfig table, GapStates states) {
        this.versionAttribute = table.attributes().version();
        this.states = states;
    }

    /** See {@link GapStates#leaseStarted}. */
    public long leaseStarted(String shardId, boolean fromShardStart, Supplier<Optional<String>> parent) {
        return states.leaseStarted(shardId, fromShardStart, parent);
    }

    /** See {@link GapStates#leaseEnded}. */
    public void leaseEnded(String shardId, long lease, boolean shardCompleted) {
        states.leaseEnded(shardId, lease, shardCompleted);
    }

    /** One record found to follow a change the trail never saw. */
    public record Gap(ChangeRecord record, Violation violation) {}

    /** The gaps of a batch and the states to keep once its findings are stored. */
    public final class Batch {
        private final List<Gap> gaps;
        private final Map<String, Collection<ItemState>> latestByShard;

        private Batch(List<Gap> gaps, Map<String, Collection<ItemState>> latestByShard) {
            this.gaps = List.copyOf(gaps);
            this.latestByShard = latestByShard;
        }

        public List<Gap> gaps() {
            return gaps;
        }

        /** Keeps the batch's last state per item. */
        public void commit() {
            latestByShard.forEach(states::store);
        }
    }

    public Batch check(List<ChangeRecord> records) {
        Map<String, List<ChangeRecord>> byShard = new LinkedHashMap<>();
        records.forEach(record -> byShard.computeIfAbsent(record.shardId(), shard -> new ArrayList<>())
                .add(record));
        List<Gap> gaps = new ArrayList<>();
        Map<String, Collection<ItemState>> latestByShard = new LinkedHashMap<>();
        byShard.forEach((shardId, shardRecords) -> {
            Map<String, ItemState> latest = new LinkedHashMap<>();
            gaps.addAll(check(shardId, shardRecords, latest));
            latestByShard.put(shardId, List.copyOf(latest.values()));
        });
        return new Batch(gaps, latestByShard);
    }

    private List<Gap> check(String shardId, List<ChangeRecord> records, Map<String, ItemState> latest) {
        Set<String> keys = new LinkedHashSet<>();
        records.forEach(record -> keys.add(record.itemKey()));
        Map<String, ItemState> known = new HashMap<>(states.load(shardId, keys));
        List<Gap> gaps = evaluate(records, known, latest);
        if (gaps.isEmpty()) {
            return gaps;
        }
        Set<String> toConfirm = new LinkedHashSet<>();
        gaps.forEach(gap -> toConfirm.add(gap.record().itemKey()));
        Optional<Map<String, ItemState>> fresh = states.reload(shardId, toConfirm);
        if (fresh.isEmpty()) {
            return gaps;
        }
        toConfirm.forEach(known::remove);
        known.putAll(fresh.get());
        latest.clear();
        return evaluate(records, known, latest);
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
            // A baseline adopted by reconcile was scanned at some moment among records still in flight: it orders
            // nothing, so the item's first record after it is not checked against it.
            if (last != null && !last.isBaseline() && !last.imageDigest().equals(ImageDigest.of(record.oldImage()))) {
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
