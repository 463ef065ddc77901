package dev.driftwatch.alert;

import static dev.driftwatch.alert.AlertFixtures.finding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertGrouperTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final AlertGrouper grouper = new AlertGrouper(3, Duration.ofMinutes(5));

    private Optional<Alert> accept(String id, String rule, String table, long secondsAfterT0) {
        return grouper.accept(finding(id, rule, table, "sku-" + id), T0.plusSeconds(secondsAfterT0));
    }

    @Test
    void accept_upToThreshold_eachAlone() {
        for (int i = 0; i < 3; i++) {
            Optional<Alert> alert = accept("f" + i, "conservation", "inventory", i);
            assertTrue(alert.isPresent());
            assertEquals(
                    List.of("f" + i),
                    alert.get().findings().stream().map(f -> f.id()).toList());
        }
        assertEquals(Optional.empty(), grouper.nextDue());
    }

    @Test
    void accept_beyondThreshold_oneDigestDueOneWindowAfterItOpened() {
        for (int i = 0; i < 10; i++) {
            accept("f" + i, "conservation", "inventory", i);
        }
        assertEquals(Optional.of(T0.plusSeconds(3).plus(Duration.ofMinutes(5))), grouper.nextDue());
        assertEquals(List.of(), grouper.due(T0.plusSeconds(302)));

        List<Alert> due = grouper.due(T0.plusSeconds(303));
        assertEquals(1, due.size());
        Alert digest = due.get(0);
        assertTrue(digest.digest());
        assertEquals(
                List.of("f3", "f4", "f5", "f6", "f7", "f8", "f9"),
                digest.findings().stream().map(f -> f.id()).toList());
        assertEquals("digest-f3", digest.dedupKey());
        assertEquals(Optional.empty(), grouper.nextDue());
    }

    @Test
    void accept_otherRuleOrTable_countedApart() {
        for (int i = 0; i < 3; i++) {
            accept("a" + i, "conservation", "inventory", i);
        }
        assertTrue(accept("b0", "negative-stock", "inventory", 4).isPresent());
        assertTrue(accept("c0", "conservation", "orders", 5).isPresent());
        assertTrue(accept("a3", "conservation", "inventory", 6).isEmpty());
    }

    @Test
    void accept_stormGoingOn_afterDigestStillDigested() {
        for (int i = 0; i < 8; i++) {
            accept("f" + i, "conservation", "inventory", i * 60L); // one a minute, threshold 3 per 5 minutes
        }
        List<Alert> due = grouper.due(T0.plusSeconds(180 + 300)); // opened by f3 at 3 min
        assertEquals(
                List.of("f3", "f4", "f5", "f6", "f7"),
                due.get(0).findings().stream().map(f -> f.id()).toList());
        assertTrue(accept("f8", "conservation", "inventory", 481).isEmpty(), "three arrivals in the last 5 min");
    }

    @Test
    void accept_quietAfterBurst_aloneAgain() {
        for (int i = 0; i < 4; i++) {
            accept("f" + i, "conservation", "inventory", i);
        }
        grouper.due(T0.plusSeconds(303));
        assertTrue(accept("f4", "conservation", "inventory", 400).isPresent());
    }

    @Test
    void drain_openDigests_allReturnedAndCleared() {
        for (int i = 0; i < 5; i++) {
            accept("f" + i, "conservation", "inventory", i);
            accept("g" + i, "negative-stock", "inventory", i);
        }
        List<Alert> drained = grouper.drain();
        assertEquals(2, drained.size());
        assertEquals(4, drained.stream().mapToInt(a -> a.findings().size()).sum());
        assertEquals(List.of(), grouper.drain());
    }
}
