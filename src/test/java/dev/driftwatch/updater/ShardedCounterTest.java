package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardedCounterTest {
    @Test
    void split_remainder_spreadOverTheFirstShards() {
        assertEquals(
                List.of(BigDecimal.valueOf(4), BigDecimal.valueOf(3), BigDecimal.valueOf(3)),
                ShardedCounter.split(BigDecimal.TEN, 3));
        assertEquals(List.of(BigDecimal.ONE, BigDecimal.ZERO), ShardedCounter.split(BigDecimal.ONE, 2));
    }

    @Test
    void split_fraction_refused() {
        assertEquals(
                "a sharded counter holds whole units, got: 1.5",
                assertThrows(IllegalArgumentException.class, () -> ShardedCounter.split(new BigDecimal("1.5"), 2))
                        .getMessage());
    }

    @Test
    void logicalKey_shardKeyOrPlainKey() {
        assertEquals("A-1", ShardedCounter.logicalKey(ShardedCounter.shardKey("A-1", 12)));
        assertEquals("A-1", ShardedCounter.logicalKey("A-1"));
        assertEquals("A#x", ShardedCounter.logicalKey("A#x"));
    }

    /** Issue 18 item 2: -5 over 4 shards was four -1s, a unit lost. */
    @Test
    void split_negativeTotal_addsUpToIt() {
        assertEquals(
                List.of(new BigDecimal(-2), new BigDecimal(-1), new BigDecimal(-1), new BigDecimal(-1)),
                ShardedCounter.split(new BigDecimal(-5), 4));
    }

    @Test
    void split_everyTotalFromMinusFiftyToFiftyOverOneToTwelveShards_addsUpAndDiffersByAtMostOne() {
        for (int total = -50; total <= 50; total++) {
            for (int parts = 1; parts <= 12; parts++) {
                List<BigDecimal> split = ShardedCounter.split(BigDecimal.valueOf(total), parts);
                BigDecimal sum = split.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                BigDecimal spread = split.stream()
                        .max(BigDecimal::compareTo)
                        .orElseThrow()
                        .subtract(split.stream().min(BigDecimal::compareTo).orElseThrow());

                assertEquals(0, sum.compareTo(BigDecimal.valueOf(total)), total + " over " + parts + ": " + split);
                assertEquals(true, spread.compareTo(BigDecimal.ONE) <= 0, total + " over " + parts + ": " + split);
                assertEquals(parts, split.size());
            }
        }
    }
}
