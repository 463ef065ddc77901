package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.insert;
import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.config.UnstampedWriters;
import dev.driftwatch.finding.FindingClass;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 22: the seed scenario, writers that stamp only {@code updated_at}. */
class CounterUnchangedRuleTest {
    private static final UnstampedWriters DECREMENTS =
            new UnstampedWriters("updated_at", List.of("quantity"), List.of(new BigDecimal("-1")));
    private final CounterUnchangedRule rule = new CounterUnchangedRule(TABLE.withUnstamped(DECREMENTS));

    /** Both read 10 and wrote 9: the stream shows 10 → 9 (t1), then 9 (t1) → 9 (t2). The second is the witness. */
    @Test
    void check_seedScenarioSecondWrite_lostUpdateWithOneUnitLost() {
        holds(rule, modify(item("quantity", 10, "updated_at", "t0"), item("quantity", 9, "updated_at", "t1")));
        Violation violation = fires(
                rule,
                modify(item("quantity", 9, "updated_at", "t1"), item("quantity", 9, "updated_at", "t2")),
                FindingClass.LOST_UPDATE);
        assertEquals(Optional.of(BigDecimal.ONE), violation.lostUnits());
        assertEquals(
                "updated_at moved 't1' → 't2' but quantity stayed 9: every write changes quantity, so this one"
                        + " computed 9 from a read another write had already superseded (inferred: these writers stamp"
                        + " no version); each write moves it by -1, so that much of this write is missing (lostUnits 1)",
                violation.message());
    }

    @Test
    void check_numbersEqualByValueMarkerAsNumber_fires() {
        fires(
                rule,
                modify(
                        item("quantity", new BigDecimal("9"), "updated_at", 1700000000),
                        item("quantity", new BigDecimal("9.0"), "updated_at", 1700000001)),
                FindingClass.LOST_UPDATE);
    }

    @Test
    void check_markerNotMoved_holds() {
        holds(
                rule,
                modify(
                        item("quantity", 9, "updated_at", "t1", "name", "a"),
                        item("quantity", 9, "updated_at", "t1", "name", "b")));
    }

    /** A backfill that sets updated_at on items imported without it is no lost update. */
    @Test
    void check_markerSetForTheFirstTime_holds() {
        holds(rule, modify(item("quantity", 9), item("quantity", 9, "updated_at", "t1")));
    }

    @Test
    void severity_inferredRuleStartsAtError() {
        assertEquals(
                dev.driftwatch.finding.Severity.ERROR,
                SeverityPolicy.DEFAULTS.severityOf(CounterUnchangedRule.ID, FindingClass.LOST_UPDATE));
    }

    @Test
    void check_noMarkerInTheNewImage_holds() {
        holds(rule, modify(item("quantity", 9, "name", "a"), item("quantity", 9, "name", "b")));
    }

    @Test
    void check_counterChanged_holds() {
        holds(rule, modify(item("quantity", 9, "updated_at", "t1"), item("quantity", 8, "updated_at", "t2")));
    }

    @Test
    void check_insertOrCounterMissing_holds() {
        holds(rule, insert(item("quantity", 9, "updated_at", "t1")));
        holds(rule, modify(item("updated_at", "t1"), item("updated_at", "t2")));
    }

    /** Several units declared: the write is still a witness, but what it lost is not known. */
    @Test
    void check_severalUnits_noLostUnits() {
        CounterUnchangedRule several = new CounterUnchangedRule(TABLE.withUnstamped(new UnstampedWriters(
                "updated_at", List.of("quantity"), List.of(new BigDecimal("-1"), BigDecimal.ONE))));
        Violation violation = fires(
                several,
                modify(item("quantity", 9, "updated_at", "t1"), item("quantity", 9, "updated_at", "t2")),
                FindingClass.LOST_UPDATE);
        assertEquals(Optional.empty(), violation.lostUnits());
        assertTrue(!violation.message().contains("lostUnits"), violation.message());
    }

    @Test
    void unstampedWriters_markerAmongCountersOrZeroUnit_refused() {
        assertThrows(IllegalArgumentException.class, () -> new UnstampedWriters("q", List.of("q"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new UnstampedWriters("u", List.of(), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new UnstampedWriters("u", List.of("q"), List.of(BigDecimal.ZERO)));
    }

    /** Without table.unstamped the rule is not among the table's built-ins. */
    @Test
    void builtIns_onlyWhenUnstampedWritersAreDescribed() {
        assertTrue(!BuiltInRules.ids(TABLE).contains(CounterUnchangedRule.ID));
        assertTrue(BuiltInRules.ids(TABLE.withUnstamped(DECREMENTS)).contains(CounterUnchangedRule.ID));
    }
}
