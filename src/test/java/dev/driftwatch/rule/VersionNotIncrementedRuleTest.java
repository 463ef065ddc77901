package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.FindingClass;
import org.junit.jupiter.api.Test;

class VersionNotIncrementedRuleTest {
    private final Rule rule = new VersionNotIncrementedRule(TABLE);

    @Test
    void check_sameVersionNoDelta_isLostUpdate() {
        Violation v = fires(
                rule,
                modify(item("quantity", 10, "version", 6), item("quantity", 9, "version", 6)),
                FindingClass.LOST_UPDATE);
        assertEquals("version 6 → 6 while quantity 10 → 9", v.message());
    }

    @Test
    void check_sameVersionDeltaNotConserved_isLostUpdate() {
        Violation v = fires(
                rule,
                modify(
                        item("quantity", 9, "version", 6, "lastDelta", -1, "writeId", "a"),
                        item("quantity", 9, "version", 6, "lastDelta", -1, "writeId", "b")),
                FindingClass.LOST_UPDATE);
        assertEquals("version 6 → 6 while quantity 9 → 9 (delta -1)", v.message());
    }

    @Test
    void check_sameVersionDeltaConserved_isProtocol() {
        fires(
                rule,
                modify(
                        item("quantity", 10, "version", 6, "writeId", "a"),
                        item("quantity", 7, "version", 6, "lastDelta", -3, "writeId", "b")),
                FindingClass.PROTOCOL);
    }

    @Test
    void check_versionIncremented_holds() {
        holds(rule, modify(item("quantity", 10, "version", 6), item("quantity", 9, "version", 7)));
    }

    @Test
    void check_identicalImages_holds() {
        holds(rule, modify(item("quantity", 10, "version", 6), item("quantity", 10, "version", 6)));
    }

    @Test
    void check_noVersionAttribute_holds() {
        holds(rule, modify(item("quantity", 10), item("quantity", 9)));
    }
}
