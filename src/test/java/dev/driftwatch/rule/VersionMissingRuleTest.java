package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.FindingClass;
import org.junit.jupiter.api.Test;

class VersionMissingRuleTest {
    private final Rule rule = new VersionMissingRule(TABLE);

    @Test
    void check_versionRemoved_isProtocol() {
        Violation v = fires(rule, modify(item("version", 3), item("quantity", 1)), FindingClass.PROTOCOL);
        assertEquals("version 3 removed: a writer outside the versioning protocol", v.message());
    }

    @Test
    void check_versionBecameString_isProtocolNamingTheType() {
        Violation v = fires(rule, modify(item("version", 3), item("version", "4")), FindingClass.PROTOCOL);
        assertEquals("version 3 replaced by '4' of type S: a writer outside the versioning protocol", v.message());
    }

    @Test
    void check_itemNeverVersioned_holds() {
        holds(rule, modify(item("quantity", 2), item("quantity", 1)));
    }
}
