package dev.driftwatch.streamgap;

import static dev.driftwatch.record.TestRecords.insert;
import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.record.TestRecords.onShard;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.record.ChangeRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LeaseChainsTest {
    private static final String PARENT = "shardId-parent";
    private static final String CHILD = "shardId-child";

    private final LeaseChains chains = new LeaseChains(1_000);
    private final StreamGapCheck check = new StreamGapCheck(TableConfig.named("inventory"), chains);

    private List<String> gaps(String shardId, ChangeRecord... records) {
        List<ChangeRecord> onShard =
                List.of(records).stream().map(r -> onShard(r, shardId)).toList();
        StreamGapCheck.Batch batch = check.check(onShard);
        batch.commit();
        return batch.gaps().stream().map(gap -> gap.record().itemKey()).toList();
    }

    private static Supplier<Optional<String>> parentIs(String parent) {
        return () -> Optional.of(parent);
    }

    private static ChangeRecord version(int from, int to) {
        return modify(item("quantity", 10 - from, "version", from), item("quantity", 10 - to, "version", to));
    }

    @Test
    void check_recordSkippedWithinALease_isAGap() {
        chains.leaseStarted(PARENT, true, parentIs("none"));
        gaps(PARENT, insert(item("quantity", 10, "version", 0)), version(0, 1));

        assertEquals(List.of("A-1"), gaps(PARENT, version(2, 3)));
    }

    @Test
    void check_leaseLostAndTakenBackFromACheckpoint_firstRecordIsNotChecked() {
        long parentLease = chains.leaseStarted(PARENT, true, parentIs("none"));
        gaps(PARENT, insert(item("quantity", 10, "version", 0)), version(0, 1));
        chains.leaseEnded(PARENT, parentLease, false);

        // another worker read versions 1 → 2 → 3 meanwhile; this one resumes from its checkpoint
        chains.leaseStarted(PARENT, false, parentIs("none"));

        assertEquals(List.of(), gaps(PARENT, version(3, 4)));
        assertEquals(List.of("A-1"), gaps(PARENT, version(5, 6)));
    }

    @Test
    void check_childReadFromItsStartAfterThisWorkerFinishedTheParent_continuesTheChain() {
        long parentLease = chains.leaseStarted(PARENT, true, parentIs("none"));
        gaps(PARENT, insert(item("quantity", 10, "version", 0)), version(0, 1));
        chains.leaseEnded(PARENT, parentLease, true);
        chains.leaseStarted(CHILD, true, parentIs(PARENT));

        assertEquals(List.of(), gaps(CHILD, version(1, 2)));
        assertEquals(List.of("A-1"), gaps(CHILD, version(3, 4)));
    }

    @Test
    void check_childTakenFromAnotherWorkersCheckpoint_startsANewChain() {
        long parentLease = chains.leaseStarted(PARENT, true, parentIs("none"));
        gaps(PARENT, insert(item("quantity", 10, "version", 0)), version(0, 1));
        chains.leaseEnded(PARENT, parentLease, true);
        chains.leaseStarted(CHILD, false, parentIs(PARENT));

        assertEquals(List.of(), gaps(CHILD, version(5, 6)));
    }

    @Test
    void check_parentLeaseLostBeforeItsEnd_childStartsANewChain() {
        long parentLease = chains.leaseStarted(PARENT, true, parentIs("none"));
        gaps(PARENT, insert(item("quantity", 10, "version", 0)), version(0, 1));
        chains.leaseEnded(PARENT, parentLease, false);
        chains.leaseStarted(CHILD, true, parentIs(PARENT));

        assertEquals(List.of(), gaps(CHILD, version(5, 6)));
    }

    @Test
    void leaseStarted_noChainAwaitsAChild_parentIsNotLookedUp() {
        AtomicInteger lookups = new AtomicInteger();
        long parentLease = chains.leaseStarted(PARENT, true, () -> {
            lookups.incrementAndGet();
            return Optional.empty();
        });
        chains.leaseEnded(PARENT, parentLease, false);
        chains.leaseStarted(CHILD, true, () -> {
            lookups.incrementAndGet();
            return Optional.of(PARENT);
        });

        assertEquals(0, lookups.get());
    }

    @Test
    void commit_afterTheLeaseEnded_keepsNothing() {
        long parentLease = chains.leaseStarted(PARENT, true, parentIs("none"));
        StreamGapCheck.Batch late = check.check(List.of(onShard(insert(item("quantity", 10, "version", 0)), PARENT)));
        chains.leaseEnded(PARENT, parentLease, false);

        late.commit();

        assertEquals(0, chains.size());
    }

    @Test
    void check_moreItemsThanTheCapacity_holdsOnlyTheCapacityAndChecksNoDroppedItem() {
        LeaseChains small = new LeaseChains(10);
        StreamGapCheck bounded = new StreamGapCheck(TableConfig.named("inventory"), small);
        for (int i = 0; i < 50; i++) {
            bounded.check(List.of(insert(item("sku", "item-" + i, "quantity", 1, "version", 1))))
                    .commit();
        }

        List<StreamGapCheck.Gap> dropped = bounded.check(List.of(modify(
                        item("sku", "item-0", "quantity", 5, "version", 7), item("sku", "item-0", "version", 8))))
                .gaps();
        List<StreamGapCheck.Gap> held = bounded.check(List.of(modify(
                        item("sku", "item-49", "quantity", 5, "version", 7), item("sku", "item-49", "version", 8))))
                .gaps();

        assertEquals(10, small.size());
        assertEquals(0, dropped.size());
        assertEquals(1, held.size());
    }

    /** A processor of a lost lease, ending late, while a new lease of the same shard runs in this worker. */
    @Test
    void leaseEnded_anOlderLeaseOfTheShardEndsLate_theNewLeasesChainStays() {
        long old = chains.leaseStarted(PARENT, true, parentIs("none"));
        long current = chains.leaseStarted(PARENT, false, parentIs("none"));
        gaps(PARENT, insert(item("quantity", 10, "version", 0)), version(0, 1));

        chains.leaseEnded(PARENT, old, false);

        assertEquals(true, old != current);
        assertEquals(List.of("A-1"), gaps(PARENT, version(2, 3)));
    }

    /** The late batch of a lost lease's processor commits an older state: the item is never moved back. */
    @Test
    void commit_olderStateAfterANewerOne_neverMovesTheItemBack() {
        chains.leaseStarted(PARENT, true, parentIs("none"));
        ChangeRecord early = insert(item("quantity", 10, "version", 0));
        ChangeRecord later = version(0, 1);
        StreamGapCheck.Batch late = check.check(List.of(onShard(early, PARENT)));
        gaps(PARENT, early, later);

        late.commit();

        assertEquals(List.of(), gaps(PARENT, version(1, 2)));
    }
}
