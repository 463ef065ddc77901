package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.remove;
import static dev.driftwatch.record.TestRecords.removeBy;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.UserIdentity;
import org.junit.jupiter.api.Test;

class RemoveWithStockRuleTest {
    private final Rule rule = new RemoveWithStockRule(TABLE);

    @Test
    void check_removeWithStock_isInvariant() {
        Violation v = fires(rule, remove(item("quantity", 3)), FindingClass.INVARIANT);
        assertEquals("item removed with quantity 3 still in stock", v.message());
    }

    @Test
    void check_removeEmptyItem_holds() {
        holds(rule, remove(item("quantity", 0)));
    }

    @Test
    void check_ttlRemoveWithStock_holds() {
        holds(rule, removeBy(item("quantity", 3), new UserIdentity("Service", "dynamodb.amazonaws.com")));
    }
}
