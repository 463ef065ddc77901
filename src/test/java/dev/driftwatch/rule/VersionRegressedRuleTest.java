package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.FindingClass;
import org.junit.jupiter.api.Test;

class VersionRegressedRuleTest {
    private final Rule rule = new VersionRegressedRule(TABLE);

    @Test
    void check_versionLower_isLostUpdate() {
        Violation v = fires(rule, modify(item("version", 7), item("version", 6)), FindingClass.LOST_UPDATE);
        assertEquals("version 7 → 6: an older copy overwrote newer data", v.message());
    }

    @Test
    void check_versionEqualOrHigher_holds() {
        holds(rule, modify(item("version", 7), item("version", 7)));
        holds(rule, modify(item("version", 7), item("version", 8)));
    }
}
