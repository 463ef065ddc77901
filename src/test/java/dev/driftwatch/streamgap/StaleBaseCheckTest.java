package dev.driftwatch.streamgap;

import static dev.driftwatch.record.TestRecords.insert;
import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.record.TestRecords.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftwatch.config.UnstampedWriters;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 22: what a write read, inferred from the values an item held when writers stamp nothing. */
class StaleBaseCheckTest {
    private static final UnstampedWriters DECREMENTS =
            new UnstampedWriters("updated_at", List.of("quantity"), List.of(new BigDecimal("-1")));

    private StaleBaseCheck check = new StaleBaseCheck(DECREMENTS, 100);

    private List<String> inferred(ChangeRecord... records) {
        StaleBaseCheck.Batch batch = check.check(List.of(records));
        batch.commit();
        return batch.inferences().stream()
                .map(inference -> inference.record().itemKey() + " "
                        + inference
                                .violation()
                                .lostUnits()
                                .map(BigDecimal::toPlainString)
                                .orElse("-"))
                .toList();
    }

    private static ChangeRecord write(Object from, Object to) {
        return modify(item("quantity", from, "updated_at", "t" + from), item("quantity", to, "updated_at", "t" + to));
    }

    private static ChangeRecord write(String sku, Object from, Object to) {
        return modify(
                item("sku", sku, "quantity", from, "updated_at", "t" + from),
                item("sku", sku, "quantity", to, "updated_at", "t" + to));
    }

    /**
     * A and B read 10; A writes 9; C reads 9 and writes 8; B writes 9 (computed from its read of 10). The stream shows
     * 10 → 9, 9 → 8, 8 → 9: the last is a decrement of 10, a superseded value, and undid C's and A's (2 units).
     */
    @Test
    void check_writeComputedFromSupersededValue_lostUpdateWithWhatItUndid() {
        StaleBaseCheck.Batch batch = check.check(List.of(insert(item("quantity", 10)), write(10, 9), write(9, 8)));
        batch.commit();
        assertEquals(List.of(), batch.inferences());
        ChangeRecord stale = write(8, 9);
        StaleBaseCheck.Batch next = check.check(List.of(stale));
        assertEquals(1, next.inferences().size());
        StaleBaseCheck.Inference inference = next.inferences().get(0);
        assertEquals(stale, inference.record());
        assertEquals(FindingClass.LOST_UPDATE, inference.violation().findingClass());
        assertEquals(Optional.of(new BigDecimal("2")), inference.violation().lostUnits());
        assertEquals(
                "quantity went 8 → 9, which no write moving it by -1 makes from 8, but one makes from 10, a value"
                        + " quantity held before 8: this write computed 9 from a read another write had already"
                        + " superseded, and undid it (inferred: these writers stamp no version) (lostUnits 2)",
                inference.violation().message());
    }

    @Test
    void check_decrementsOfTheCurrentValue_nothing() {
        assertEquals(List.of(), inferred(insert(item("quantity", 10)), write(10, 9), write(9, 8), write(8, 7)));
    }

    /** 9 → 9 is counter-unchanged's: one finding per lost write, not two. */
    @Test
    void check_counterUnchanged_leftToTheRule() {
        assertEquals(List.of(), inferred(insert(item("quantity", 10)), write(10, 9), write(9, 9)));
    }

    /** A restock (+50) is no unit's move from any value held: not judged. */
    @Test
    void check_valueNoUnitExplains_nothing() {
        assertEquals(List.of(), inferred(insert(item("quantity", 10)), write(10, 9), write(9, 59), write(59, 58)));
    }

    /** Legitimate writes that change only other attributes leave the window as it was. */
    @Test
    void check_writesOfOtherAttributes_nothing() {
        ChangeRecord rename = modify(
                item("quantity", 9, "updated_at", "t1", "name", "a"),
                item("quantity", 9, "updated_at", "t2", "name", "b"));
        assertEquals(List.of(), inferred(insert(item("quantity", 10)), write(10, 9), rename, write(9, 8)));
    }

    /** A record this worker did not see came between: the window starts again, nothing older is a base. */
    @Test
    void check_oldValueNotTheWindowsNewest_startsAgain() {
        inferred(insert(item("quantity", 10)), write(10, 9));
        // 9 → 7 unseen; from 7 the window is [7, 9, 8]: 8 → 9 would be 10's decrement, but 10 is no longer held
        assertEquals(List.of(), inferred(write(7, 9), write(9, 8), write(8, 9)));
    }

    /** A batch retried after its findings failed to store yields the same inference; redelivered records none. */
    @Test
    void check_retriedBeforeCommitSameInference_redeliveredAfterCommitNothing() {
        inferred(insert(item("quantity", 10)), write(10, 9), write(9, 8));
        ChangeRecord stale = write(8, 9);
        assertEquals(1, check.check(List.of(stale)).inferences().size());
        assertEquals(List.of("A-1 2"), inferred(stale));
        assertEquals(List.of(), inferred(stale));
    }

    /** Writes from one of several older values: a witness, but what it undid is not known. */
    @Test
    void check_severalUnitsSeveralBases_noLostUnits() {
        check = new StaleBaseCheck(
                new UnstampedWriters("updated_at", List.of("quantity"), List.of(new BigDecimal("-1"), BigDecimal.ONE)),
                100);
        // held 10, 11, 12, then 11; 11 → 13 is no unit from 11, +1 from 12 only: one base, but with two units the
        // write may have read a value no longer held (14, -1): no amount is claimed
        assertEquals(
                List.of("A-1 -"),
                inferred(insert(item("quantity", 10)), write(10, 11), write(11, 12), write(12, 11), write(11, 13)));
        // held 20, 21, 22, 21, 20, then 19; 19 → 21 is +1 from 20 or -1 from 22: two bases, lostUnits unknown
        assertEquals(
                List.of("B-1 -"),
                inferred(
                        insert(item("sku", "B-1", "quantity", 20)),
                        write("B-1", 20, 21),
                        write("B-1", 21, 22),
                        write("B-1", 22, 21),
                        write("B-1", 21, 20),
                        write("B-1", 20, 19),
                        write("B-1", 19, 21)));
    }

    /**
     * The review's case: ±1, values 20 down to 12 (20 no longer held), then 12 → 19 from a read of 20. The one base
     * still held is 18 (+1), which would claim 6 units where 8 were lost: with several units no amount is claimed.
     */
    @Test
    void check_severalUnitsBaseOutOfTheWindow_noWrongAmount() {
        check = new StaleBaseCheck(
                new UnstampedWriters("updated_at", List.of("quantity"), List.of(new BigDecimal("-1"), BigDecimal.ONE)),
                100);
        List<ChangeRecord> records = new ArrayList<>(List.of(insert(item("quantity", 20))));
        for (int value = 20; value > 12; value--) {
            records.add(write(value, value - 1));
        }
        inferred(records.toArray(ChangeRecord[]::new));
        assertEquals(List.of("A-1 -"), inferred(write(12, 19)));
    }

    /**
     * A batch of a lost lease that commits late, after this worker read on from the lease taken back, does not put
     * the older window back.
     */
    @Test
    void commit_olderBatchAfterANewerOne_windowNeverMovesBack() {
        inferred(insert(item("quantity", 10)), write(10, 9));
        StaleBaseCheck.Batch late = check.check(List.of(write(9, 8)));
        inferred(write(9, 8), write(8, 7), write(7, 6));
        late.commit();
        // the item is at 6 with 9 still held: 6 → 8 is a decrement of 9 that undid three (a late [10, 9, 8] window
        // would not have 6 as its newest, and would judge nothing)
        assertEquals(List.of("A-1 3"), inferred(write(6, 8)));
    }

    /** Only {@link StaleBaseCheck#WINDOW} values are kept: a base older than that is not recognised. */
    @Test
    void check_baseOlderThanTheWindow_notRecognised() {
        List<ChangeRecord> records = new ArrayList<>(List.of(insert(item("quantity", 100))));
        for (int value = 100; value > 100 - StaleBaseCheck.WINDOW; value--) {
            records.add(write(value, value - 1));
        }
        assertEquals(List.of(), inferred(records.toArray(ChangeRecord[]::new)));
        int current = 100 - StaleBaseCheck.WINDOW;
        // 99 is still held (a write of 98 computed from it is recognised, batch not kept); 100 fell out
        assertEquals(1, check.check(List.of(write(current, 98))).inferences().size());
        assertEquals(List.of(), inferred(write(current, 99)));
    }

    /**
     * The window keeps distinct values: an item that goes back and forth between two values (8 and 9, each 9 written
     * from a stale read of 10) does not push 10 out, however often it does.
     */
    @Test
    void check_valuesHeldAgain_doNotPushOlderValuesOut() {
        inferred(insert(item("quantity", 10)), write(10, 9), write(9, 8));
        List<String> found = new ArrayList<>();
        for (int i = 0; i < 3 * StaleBaseCheck.WINDOW; i++) {
            found.addAll(inferred(write(8, 9), write(9, 8)));
        }
        assertEquals(java.util.Collections.nCopies(3 * StaleBaseCheck.WINDOW, "A-1 2"), found);
    }

    /** The bound holds: the least recently seen item is dropped first, and its next record is not judged. */
    @Test
    void check_capacity_leastRecentlySeenDropped() {
        check = new StaleBaseCheck(DECREMENTS, 2);
        inferred(insert(item("quantity", 10)), write(10, 9), write(9, 8));
        assertEquals(1, check.check(List.of(write(8, 9))).inferences().size());
        inferred(insert(item("sku", "B", "quantity", 5)), insert(item("sku", "C", "quantity", 5)));
        assertEquals(2, check.size());
        assertEquals(List.of(), inferred(write(8, 9)));
    }

    /** A removed item's window is gone (it holds no place in the bound); its re-creation starts a new one. */
    @Test
    void check_afterRemove_windowStartsAtTheInsert() {
        inferred(insert(item("quantity", 10)), write(10, 9), remove(item("quantity", 9)));
        assertEquals(0, check.size());
        // 2 → 9 would be a decrement of 10, held before the removal only: not a base
        assertEquals(List.of(), inferred(insert(item("quantity", 3)), write(3, 2), write(2, 9)));
        // 9 → 2 is a decrement of 3, held since: it undid the decrement to 2 and the 7 added after (lostUnits -6)
        assertEquals(List.of("A-1 -6"), inferred(write(9, 2)));
    }

    @Test
    void new_noUnits_refused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new StaleBaseCheck(new UnstampedWriters("updated_at", List.of("quantity"), List.of()), 10));
    }
}
