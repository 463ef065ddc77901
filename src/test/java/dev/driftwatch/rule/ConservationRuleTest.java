package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.FindingClass;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ConservationRuleTest {
    private final Rule rule = new ConservationRule(TABLE);

    @Test
    void check_lostDecrement_reportsPositiveLostUnits() {
        // Both writers read 10 and wrote 9: the second record goes 9 → 9 with delta -1.
        Violation v = fires(
                rule,
                modify(
                        item("quantity", 9, "lastDelta", -1, "writeId", "w1"),
                        item("quantity", 9, "lastDelta", -1, "writeId", "w2")),
                FindingClass.LOST_UPDATE);
        assertEquals(new BigDecimal("1"), v.lostUnits().orElseThrow());
        assertEquals("quantity 9 → 9 with delta -1, expected 8: +1 units kept that a writer had taken", v.message());
    }

    @Test
    void check_lostIncrement_reportsNegativeLostUnits() {
        Violation v = fires(
                rule,
                modify(item("quantity", 15, "writeId", "w1"), item("quantity", 12, "lastDelta", 2, "writeId", "w2")),
                FindingClass.LOST_UPDATE);
        assertEquals(new BigDecimal("-5"), v.lostUnits().orElseThrow());
    }

    @Test
    void check_deltaApplied_holds() {
        holds(
                rule,
                modify(item("quantity", 10, "writeId", "w1"), item("quantity", 7, "lastDelta", -3, "writeId", "w2")));
    }

    @Test
    void check_staleDeltaWithSameWriteId_holds() {
        // A writer that stamps no delta leaves the previous write's stamp on the item.
        holds(
                rule,
                modify(
                        item("quantity", 10, "lastDelta", -1, "writeId", "w1"),
                        item("quantity", 4, "lastDelta", -1, "writeId", "w1")));
    }

    @Test
    void check_noDelta_holds() {
        holds(rule, modify(item("quantity", 10), item("quantity", 4)));
    }

    @Test
    void check_fractionalQuantities_exactLostUnits() {
        Violation v = fires(
                rule,
                modify(
                        item("quantity", new BigDecimal("10.25"), "writeId", "a"),
                        item(
                                "quantity",
                                new BigDecimal("10.00"),
                                "lastDelta",
                                new BigDecimal("-0.50"),
                                "writeId",
                                "b")),
                FindingClass.LOST_UPDATE);
        assertEquals(new BigDecimal("0.25"), v.lostUnits().orElseThrow());
    }
}
