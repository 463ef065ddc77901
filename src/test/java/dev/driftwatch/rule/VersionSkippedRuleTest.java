package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.FindingClass;
import org.junit.jupiter.api.Test;

class VersionSkippedRuleTest {
    private final Rule rule = new VersionSkippedRule(TABLE);

    @Test
    void check_versionJumpsByThree_isProtocolCitingTheSkip() {
        Violation v = fires(rule, modify(item("version", 4), item("version", 7)), FindingClass.PROTOCOL);
        assertEquals("version 4 → 7: skipped 2", v.message());
    }

    @Test
    void check_versionPlusOne_holds() {
        holds(rule, modify(item("version", 4), item("version", 5)));
    }
}
