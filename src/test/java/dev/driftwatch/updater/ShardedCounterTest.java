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
}
