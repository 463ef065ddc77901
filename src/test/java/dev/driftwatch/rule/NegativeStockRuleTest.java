package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.insert;
import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NegativeStockRuleTest {
    private final Rule rule = new NegativeStockRule(TABLE);

    @Test
    void check_quantityBelowZero_firesCitingBothQuantities() {
        Violation v = fires(rule, modify(item("quantity", 1), item("quantity", -2)), FindingClass.INVARIANT);
        assertEquals("quantity 1 → -2 is below the floor 0", v.message());
    }

    @Test
    void check_quantityAtFloor_holds() {
        holds(rule, modify(item("quantity", 1), item("quantity", 0)));
    }

    @Test
    void check_insertBelowConfiguredFloor_fires() {
        TableConfig floored =
                new TableConfig("t", "sku", java.util.Optional.empty(), TABLE.attributes(), new BigDecimal("5"), 1);
        Violation v = fires(new NegativeStockRule(floored), insert(item("quantity", 4)), FindingClass.INVARIANT);
        assertEquals("quantity 4 is below the floor 5", v.message());
    }

    @Test
    void check_quantityNotANumber_holds() {
        holds(rule, modify(item("quantity", 1), item("quantity", "-3")));
    }
}
