package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.insert;
import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.FindingClass;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DuplicateApplyRuleTest {
    private final Rule rule = new DuplicateApplyRule(TABLE);

    @Test
    void check_sameWriteIdQuantityMovedAgain_reportsTheUnitsAppliedTwice() {
        // SET quantity = quantity - 1 retried by the SDK after its response was lost: 10 → 9 → 8, both stamped w7.
        Violation v = fires(
                rule,
                modify(
                        item("quantity", 9, "version", 4, "lastDelta", -1, "writeId", "w7"),
                        item("quantity", 8, "version", 5, "lastDelta", -1, "writeId", "w7")),
                FindingClass.DUPLICATE_WRITE);
        assertEquals(new BigDecimal("-1"), v.lostUnits().orElseThrow());
        assertEquals(
                "write w7 applied a second time: quantity 9 → 8 (-1 units again; a retried non-idempotent write)",
                v.message());
    }

    @Test
    void check_freshWriteId_holds() {
        holds(rule, modify(item("quantity", 9, "writeId", "w7"), item("quantity", 8, "writeId", "w8")));
    }

    @Test
    void check_sameWriteIdQuantityUnchanged_holds() {
        // Another attribute touched without a new stamp: nothing was applied twice.
        holds(
                rule,
                modify(
                        item("quantity", 9, "writeId", "w7", "note", "a"),
                        item("quantity", 9, "writeId", "w7", "note", "b")));
    }

    @Test
    void check_noWriteIds_holds() {
        holds(rule, modify(item("quantity", 9), item("quantity", 8)));
    }

    @Test
    void check_insert_holds() {
        holds(rule, insert(item("quantity", 9, "writeId", "w7")));
    }

    @Test
    void check_writeLandsAgainAfterAnotherWrite_reportsTheUnitsAppliedAgain() {
        holds(
                rule,
                modify(item("quantity", 10, "writeId", "w6"), item("quantity", 9, "lastDelta", -1, "writeId", "w7")));
        holds(
                rule,
                modify(item("quantity", 9, "writeId", "w7"), item("quantity", 7, "lastDelta", -2, "writeId", "w8")));
        Violation v = fires(
                rule,
                modify(item("quantity", 7, "writeId", "w8"), item("quantity", 6, "lastDelta", -1, "writeId", "w7")),
                FindingClass.DUPLICATE_WRITE);
        assertEquals(new BigDecimal("-1"), v.lostUnits().orElseThrow());
        assertEquals(
                "write w7 applied again after other writes: quantity 7 → 6 (-1 units again; a retried non-idempotent write)",
                v.message());
    }

    @Test
    void check_sameRecordRedelivered_holdsBothTimes() {
        var first =
                modify(item("quantity", 10, "writeId", "w6"), item("quantity", 9, "lastDelta", -1, "writeId", "w7"));
        holds(rule, first);
        holds(
                rule,
                modify(item("quantity", 9, "writeId", "w7"), item("quantity", 8, "lastDelta", -1, "writeId", "w8")));
        holds(rule, first);
    }
}
