package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentionStatsTest {
    @Test
    void hotKeys_mostConflictsFirst() {
        ContentionStats stats = new ContentionStats();
        stats.recordConflict("b");
        stats.recordConflict("a");
        stats.recordConflict("b");
        stats.recordConflict("c");
        stats.recordConflict("b");
        stats.recordConflict("a");
        assertEquals(List.of(new ContentionStats.HotKey("b", 3), new ContentionStats.HotKey("a", 2)), stats.hotKeys(2));
        assertEquals(6, stats.conflicts());
    }

    @Test
    void operationsWithAttempts_histogramCapsAtSixteen() {
        ContentionStats stats = new ContentionStats();
        stats.recordOperation(1);
        stats.recordOperation(1);
        stats.recordOperation(3);
        stats.recordOperation(40);
        assertEquals(2, stats.operationsWithAttempts(1));
        assertEquals(1, stats.operationsWithAttempts(3));
        assertEquals(1, stats.operationsWithAttempts(16));
        assertEquals(4, stats.operations());
    }
}
