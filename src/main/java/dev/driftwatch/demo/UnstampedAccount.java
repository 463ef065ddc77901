package dev.driftwatch.demo;

import java.util.Objects;

/**
 * The accounting of a race of writers that stamp nothing (issue 22), from the writers' own log of what each write
 * read and what it overwrote: the units each kind of write lost, and of them what driftwatch witnessed. A unit counts
 * as witnessed only when a finding names the very write that lost it (by the {@code updated_at} its new image
 * holds) with the same {@code lostUnits}. The shares count units gross ({@code |read − overwritten|} per write): a
 * stale write can also undo another stale write's gain (a negative loss), and a net sum would let the two cancel.
 *
 * @param noRecord writes that changed nothing: DynamoDB wrote no stream record, nothing can witness them
 * @param counterUnchanged writes whose record moved the marker and kept the quantity: {@code counter-unchanged}'s
 * @param counterChanged writes whose record moved the quantity from a superseded read: {@code stale-base}'s
 * @param wrongFindings inferred findings that name no logged write, another kind of write, or another amount
 * @param guardedItemFindings findings of any rule on the item only the guarded decrement writes
 * @param loggedLostUnits what the log says was lost in all, net; must equal what the table lost
 */
public record UnstampedAccount(
        Share noRecord,
        Share counterUnchanged,
        Share counterChanged,
        long wrongFindings,
        long guardedItemFindings,
        long loggedLostUnits) {
    public UnstampedAccount {
        Objects.requireNonNull(noRecord, "noRecord");
        Objects.requireNonNull(counterUnchanged, "counterUnchanged");
        Objects.requireNonNull(counterChanged, "counterChanged");
    }

    /**
     * @param writes writes of this kind that lost something
     * @param units what they lost, gross
     * @param witnessedWrites of them, the writes a finding names with the same lostUnits
     * @param witnessedUnits what those lost, gross
     */
    public record Share(long writes, long units, long witnessedWrites, long witnessedUnits) {
        public static final Share NONE = new Share(0, 0, 0, 0);

        Share plus(long lost, boolean witnessed) {
            long gross = Math.abs(lost);
            return new Share(
                    writes + 1,
                    units + gross,
                    witnessedWrites + (witnessed ? 1 : 0),
                    witnessedUnits + (witnessed ? gross : 0));
        }
    }

    /** Witnessed in all, gross: by counter-unchanged and by stale-base. */
    public long witnessedUnits() {
        return counterUnchanged.witnessedUnits() + counterChanged.witnessedUnits();
    }

    /** Lost in all, gross. */
    public long units() {
        return noRecord.units() + counterUnchanged.units() + counterChanged.units();
    }

    /**
     * The demo's promise for these writers: the log agrees with the table, every write whose record kept the quantity
     * and moved the marker is witnessed with what it lost, no finding is wrong, the guarded item has none.
     */
    public boolean passed(long actualLostUnits) {
        return loggedLostUnits == actualLostUnits
                && counterUnchanged.witnessedWrites() == counterUnchanged.writes()
                && counterUnchanged.witnessedUnits() == counterUnchanged.units()
                && wrongFindings == 0
                && guardedItemFindings == 0;
    }
}
