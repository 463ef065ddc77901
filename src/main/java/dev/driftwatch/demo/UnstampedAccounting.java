package dev.driftwatch.demo;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.rule.BuiltInRules;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Builds the {@link UnstampedAccount} of a race from the writers' log and the findings with their images. */
final class UnstampedAccounting {
    static final String COUNTER_UNCHANGED = BuiltInRules.COUNTER_UNCHANGED;

    private UnstampedAccounting() {}

    /**
     * @param log every applied write of the naive writers
     * @param findings the findings of every item, those of the inferred checks with their images attached
     * @param guardedItem the item only the guarded decrement writes
     */
    static UnstampedAccount of(Collection<UnstampedWriter.Write> log, List<Finding> findings, String guardedItem) {
        Map<String, UnstampedWriter.Write> byMarker = new HashMap<>();
        for (UnstampedWriter.Write write : log) {
            if (byMarker.put(write.itemKey() + "\u0000" + write.writtenMarker(), write) != null) {
                throw new IllegalStateException("two writes of " + write.itemKey() + " set updated_at to "
                        + write.writtenMarker() + ": the demo cannot tell which one a finding names");
            }
        }
        // by identity: two writes with equal fields are still two writes
        Set<UnstampedWriter.Write> witnessed = Collections.newSetFromMap(new IdentityHashMap<>());
        long wrong = 0;
        long guarded = 0;
        for (Finding finding : findings) {
            if (finding.itemKey().equals(guardedItem)) {
                guarded++;
                continue;
            }
            boolean counterUnchanged = finding.ruleId().equals(COUNTER_UNCHANGED);
            if (!counterUnchanged && !finding.ruleId().equals(BuiltInRules.STALE_BASE)) {
                continue;
            }
            Optional<UnstampedWriter.Write> write = Optional.ofNullable(
                            finding.newImage().get(UnstampedWriter.MARKER))
                    .map(AttributeValue::s)
                    .map(marker -> byMarker.get(finding.itemKey() + "\u0000" + marker));
            boolean right = write.isPresent()
                    && write.get().counterUnchanged() == counterUnchanged
                    && finding.lostUnits().map(BigDecimal::longValueExact).orElse(Long.MIN_VALUE)
                            == write.get().lostUnits()
                    && witnessed.add(write.get());
            if (!right) {
                wrong++;
            }
        }
        UnstampedAccount.Share noRecord = UnstampedAccount.Share.NONE;
        UnstampedAccount.Share keptCounter = UnstampedAccount.Share.NONE;
        UnstampedAccount.Share movedCounter = UnstampedAccount.Share.NONE;
        long logged = 0;
        for (UnstampedWriter.Write write : log) {
            long lost = write.lostUnits();
            logged += lost;
            if (lost == 0) {
                continue;
            }
            boolean seen = witnessed.contains(write);
            if (!write.leftRecord()) {
                noRecord = noRecord.plus(lost, seen);
            } else if (write.counterUnchanged()) {
                keptCounter = keptCounter.plus(lost, seen);
            } else {
                movedCounter = movedCounter.plus(lost, seen);
            }
        }
        return new UnstampedAccount(noRecord, keptCounter, movedCounter, wrong, guarded, logged);
    }
}
