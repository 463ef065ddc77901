package dev.driftwatch.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The race in short form: unsafe writers lose units, driftwatch accounts for each; safe writers lose
 * none. The races run concurrently: each has its own tables and KCL application.
 */
@Execution(ExecutionMode.CONCURRENT)
class RaceDemoIT {
    private static RaceReport race(RaceMode mode) throws InterruptedException {
        return new RaceDemo(TestEndpoint.clients(), TestEndpoint.freshConfig(), line -> {})
                .run(new RaceSettings(mode, 8, 300, 3, 10_000, Duration.ofSeconds(120)));
    }

    @Test
    void run_unsafeWriters_detectedLostUnitsEqualActualAndAboveZero() throws Exception {
        RaceReport report = race(RaceMode.UNSAFE);
        assertTrue(report.actualLostUnits() > 0, "the race lost nothing: " + report);
        assertEquals(report.actualLostUnits(), report.detectedLostUnits());
        assertEquals(0, report.itemsMismatched());
        assertEquals(303, report.records());
        assertTrue(report.findingsByRule().getOrDefault("conservation", 0L) > 0, report.toString());
        assertTrue(report.lostUpdateFindings() > 0, report.toString());
        assertTrue(report.passed());
    }

    @ParameterizedTest
    @EnumSource(
            value = RaceMode.class,
            names = {"SAFE_VERSIONED", "SAFE_ATOMIC"})
    void run_safeWriters_nothingLostNothingFound(RaceMode mode) throws Exception {
        RaceReport report = race(mode);
        assertEquals(0, report.actualLostUnits(), report.toString());
        assertEquals(0, report.detectedLostUnits(), report.toString());
        assertEquals(0, report.lostUpdateFindings(), report.toString());
        assertEquals(0, report.findings(), "safe writers raise nothing at all: " + report.findingsByRule());
        assertEquals(0, report.writesNotApplied());
        assertEquals(303, report.records());
        assertTrue(report.passed());
    }

    @Test
    void run_unsafeRetry_unitsAppliedTwiceAllFoundAsDuplicateApply() throws Exception {
        RaceReport report = race(RaceMode.UNSAFE_RETRY);
        assertTrue(report.responsesDropped() > 0, report.toString());
        assertTrue(report.actualLostUnits() < 0, "decrements applied twice take stock twice: " + report);
        assertEquals(report.actualLostUnits(), report.detectedLostUnits());
        assertEquals(0, report.itemsMismatched());
        assertEquals(report.responsesDropped(), report.duplicateWriteFindings(), "one finding per second application");
        assertEquals(
                report.duplicateWriteFindings(), report.findings(), "and nothing else: " + report.findingsByRule());
        assertEquals(303 + report.responsesDropped(), report.records());
        assertTrue(report.passed());
    }

    @Test
    void run_idempotentRetry_responsesDroppedNothingAppliedTwice() throws Exception {
        RaceReport report = race(RaceMode.IDEMPOTENT_RETRY);
        assertTrue(report.responsesDropped() > 0, report.toString());
        assertEquals(0, report.actualLostUnits(), report.toString());
        assertEquals(0, report.findings(), report.findingsByRule().toString());
        assertEquals(0, report.writesNotApplied());
        assertEquals(303, report.records());
        assertTrue(report.passed());
    }

    @Test
    void run_unsafeShardedCounters_lostUnitsAddUpPerLogicalItem() throws Exception {
        RaceReport report = race(RaceMode.UNSAFE_SHARDED);
        assertTrue(report.actualLostUnits() > 0, "the race lost nothing: " + report);
        assertEquals(report.actualLostUnits(), report.detectedLostUnits());
        assertEquals(0, report.itemsMismatched(), "per logical item, summed over its shards");
        assertEquals(3 * (1 + RaceMode.SHARDS) + 300, report.records());
        assertTrue(report.findingsByRule().getOrDefault("conservation", 0L) > 0, report.toString());
        assertTrue(report.passed());
    }

    /**
     * Issue 22: the seed's naive writers, no version, no delta. Every unit lost by a write whose record kept the
     * quantity and moved updated_at is witnessed by the finding that names that very write; no finding names a wrong
     * write; the item written only by the guarded conditional decrement beside them has none.
     */
    @Test
    void run_unstampedWriters_everyKeptCounterWriteWitnessedNothingOnTheGuardedItem() throws Exception {
        RaceReport report = race(RaceMode.UNSAFE_UNSTAMPED);
        UnstampedAccount account = report.unstamped().orElseThrow();
        assertTrue(report.actualLostUnits() > 0, "the race lost nothing: " + report);
        assertEquals(report.actualLostUnits(), account.loggedLostUnits(), "the writers' log agrees with the table");
        assertTrue(account.counterUnchanged().writes() > 0, account.toString());
        assertEquals(
                account.counterUnchanged().writes(), account.counterUnchanged().witnessedWrites());
        assertEquals(
                account.counterUnchanged().units(), account.counterUnchanged().witnessedUnits());
        // a stale read older than stale-base's window goes unseen: the witnessed share is a figure, not a promise
        assertTrue(
                account.counterChanged().witnessedWrites()
                        <= account.counterChanged().writes(),
                account.toString());
        assertEquals(0, account.wrongFindings());
        assertEquals(0, account.guardedItemFindings());
        assertTrue(
                java.util.Set.of("counter-unchanged", "stale-base")
                        .containsAll(report.findingsByRule().keySet()),
                "only the inferred rules: " + report.findingsByRule());
        assertTrue(report.passed());
    }

    @Test
    void run_safeShardedCounters_nothingLostNothingFound() throws Exception {
        RaceReport report = race(RaceMode.SAFE_SHARDED);
        assertEquals(0, report.actualLostUnits(), report.toString());
        assertEquals(0, report.findings(), report.findingsByRule().toString());
        assertEquals(0, report.writesNotApplied());
        assertEquals(3 * (1 + RaceMode.SHARDS) + 300, report.records());
        assertTrue(report.passed());
    }
}
