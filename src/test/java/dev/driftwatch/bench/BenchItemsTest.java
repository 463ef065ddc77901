package dev.driftwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchItemsTest {

    @ParameterizedTest
    @CsvSource({"50000,1,500", "50000,10,5000", "50000,100,50000", "2000,0,0", "333,7,23"})
    void violates_overARun_exactlyTheCountedShareAndTheLastRecord(long records, int percent, long expected) {
        long counted = LongStream.range(0, records)
                .filter(i -> BenchItems.violates(i, percent))
                .count();
        assertEquals(expected, counted);
        assertEquals(expected, BenchItems.violatingCount(records, percent));
        if (percent > 0 && records * percent % 100 == 0) {
            assertTrue(BenchItems.violates(records - 1, percent));
        }
    }

    @ParameterizedTest
    @CsvSource({"0,1", "98,1", "100,1", "0,10", "8,10"})
    void violates_beforeTheStep_false(long index, int percent) {
        assertFalse(BenchItems.violates(index, percent));
    }

    /**
     * An update-heavy stream writes each item again: a write equal to the item leaves no stream record (on
     * DynamoDB and on the local endpoint), so each round is the next version with its own write id.
     */
    @org.junit.jupiter.api.Test
    void item_laterRound_nextVersionAndItsOwnWriteId() {
        dev.driftwatch.config.TableConfig table = dev.driftwatch.config.TableConfig.named("bench");

        var first = BenchItems.item(table, "item-1", false, 0);
        var third = BenchItems.item(table, "item-1", false, 2);

        assertEquals("1", first.get("version").n());
        assertEquals("3", third.get("version").n());
        assertFalse(first.get("writeId").equals(third.get("writeId")));
        assertEquals(first, BenchItems.item(table, "item-1", false));
    }
}
