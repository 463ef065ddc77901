package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.insert;
import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.FindingClass;
import org.junit.jupiter.api.Test;

class InsertVersionRuleTest {
    private final Rule rule = new InsertVersionRule(TABLE);

    @Test
    void check_insertWithVersionFive_isProtocol() {
        Violation v = fires(rule, insert(item("version", 5)), FindingClass.PROTOCOL);
        assertEquals(
                "INSERT with version 5, expected 1: the item was created outside the versioning protocol"
                        + " (or deleted and re-put)",
                v.message());
    }

    @Test
    void check_insertWithInitialVersion_holds() {
        holds(rule, insert(item("version", 1)));
    }

    @Test
    void check_insertWithoutVersion_holds() {
        holds(rule, insert(item("quantity", 1)));
    }
}
