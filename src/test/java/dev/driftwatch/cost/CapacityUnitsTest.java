package dev.driftwatch.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** DynamoDB's own examples ("DynamoDB read and write operations", the on-demand pricing page). */
class CapacityUnitsTest {
    private static final long KB = 1024;

    @Test
    void read_eightKbItem_twoStronglyOneEventuallyFourTransactional() {
        assertEquals(2.0, CapacityUnits.read(8 * KB, true));
        assertEquals(1.0, CapacityUnits.read(8 * KB, false));
        assertEquals(4.0, CapacityUnits.transactionalRead(8 * KB));
    }

    @Test
    void read_threeAndAHalfKb_roundedUpToFourKb() {
        assertEquals(1.0, CapacityUnits.read(3_500, true));
        assertEquals(0.5, CapacityUnits.read(3_500, false));
    }

    @Test
    void read_tenKb_roundedUpToTwelveKb() {
        assertEquals(3.0, CapacityUnits.read(10 * KB, true));
    }

    @Test
    void read_queryOfFortyPointEightKb_roundedUpToFortyFourKb() {
        long bytes = (long) Math.ceil(40.8 * KB);
        assertEquals(11.0, CapacityUnits.read(bytes, true));
        assertEquals(5.5, CapacityUnits.read(bytes, false));
    }

    @Test
    void read_nothingFound_stillOneUnitOrHalf() {
        assertEquals(1.0, CapacityUnits.read(0, true));
        assertEquals(0.5, CapacityUnits.read(0, false));
    }

    @Test
    void write_perKbRoundedUp_transactionalTwice() {
        assertEquals(1.0, CapacityUnits.write(500));
        assertEquals(1.0, CapacityUnits.write(KB));
        assertEquals(2.0, CapacityUnits.write(KB + 1));
        assertEquals(4.0, CapacityUnits.write(3_500));
        assertEquals(2.0, CapacityUnits.transactionalWrite(500));
        assertEquals(400.0, CapacityUnits.write(400 * KB));
    }
}
