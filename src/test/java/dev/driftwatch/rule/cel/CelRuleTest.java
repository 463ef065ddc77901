package dev.driftwatch.rule.cel;

import static dev.driftwatch.record.TestRecords.insert;
import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.record.TestRecords.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.rule.RuleDefinition;
import dev.driftwatch.rule.RuleEvaluationException;
import dev.driftwatch.rule.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CelRuleTest {
    private static CelRule rule(String when, String assertion, String message) {
        return CelRule.compile(new RuleDefinition(
                "user-rule",
                FindingClass.INVARIANT,
                Optional.empty(),
                Optional.ofNullable(when),
                assertion,
                message,
                "rules.yaml:3"));
    }

    @Test
    void check_transitionRuleSkippingAVersion_reportsWithValues() {
        CelRule rule =
                rule(null, "newSelf.version == oldSelf.version + 1", "version {oldSelf.version} → {newSelf.version}");

        assertEquals(Optional.empty(), rule.check(modify(item("version", 5), item("version", 6))));
        Violation violation =
                rule.check(modify(item("version", 5), item("version", 7))).orElseThrow();

        assertEquals("version 5 → 7", violation.message());
        assertEquals(FindingClass.INVARIANT, violation.findingClass());
    }

    @Test
    void check_transitionRuleOnInsertOrRemove_isSkipped() {
        CelRule rule = rule(null, "newSelf.version == oldSelf.version + 1", "skipped");

        assertEquals(Optional.empty(), rule.check(insert(item("version", 9))));
        assertEquals(Optional.empty(), rule.check(remove(item("version", 9))));
    }

    @Test
    void check_invariantBroken_rendersTheMessageTemplate() {
        CelRule rule = rule(
                null,
                "newSelf.reserved <= newSelf.quantity",
                "reserved {newSelf.reserved} exceeds quantity {newSelf.quantity} of {keys.sku} {{sic}}");

        assertEquals(Optional.empty(), rule.check(insert(item("reserved", 10, "quantity", 10))));
        assertEquals(
                "reserved 12 exceeds quantity 10 of A-1 {sic}",
                rule.check(insert(item("reserved", 12, "quantity", 10)))
                        .orElseThrow()
                        .message());
    }

    @Test
    void check_whenFilterFalse_assertNotEvaluated() {
        CelRule rule = rule("event == 'MODIFY'", "newSelf.quantity >= 0", "below zero: {newSelf.quantity}");

        assertEquals(Optional.empty(), rule.check(insert(item("quantity", -1))));
        assertEquals(
                "below zero: -1",
                rule.check(modify(item("quantity", 1), item("quantity", -1)))
                        .orElseThrow()
                        .message());
    }

    @Test
    void check_divisionByZero_throwsRuleEvaluationExceptionNamingTheField() {
        CelRule rule = rule(null, "newSelf.quantity / newSelf.packs >= 1", "too few per pack");

        assertEquals(Optional.empty(), rule.check(insert(item("quantity", 12, "packs", 3))));
        RuleEvaluationException e =
                assertThrows(RuleEvaluationException.class, () -> rule.check(insert(item("quantity", 12, "packs", 0))));

        assertTrue(e.getMessage().startsWith("assert: evaluation error at column 18: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("/ by zero"), e.getMessage());
    }

    @Test
    void check_missingAttribute_throwsRuleEvaluationException() {
        CelRule rule = rule(null, "newSelf.reserved <= newSelf.quantity", "m");

        RuleEvaluationException e =
                assertThrows(RuleEvaluationException.class, () -> rule.check(insert(item("quantity", 1))));

        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void check_hasMacroGuardsAMissingAttribute_holds() {
        CelRule rule = rule(null, "!has(newSelf.reserved) || newSelf.reserved <= newSelf.quantity", "m");

        assertEquals(Optional.empty(), rule.check(insert(item("quantity", 1))));
    }

    @Test
    void check_decimalsSetsAndMaps_readAsCelValues() {
        CelRule rule = rule(
                null,
                "newSelf.price < 20 && 'red' in newSelf.tags && newSelf.size.w == 2 && 3 in newSelf.lots",
                "price {newSelf.price} tags {newSelf.tags}");
        Map<String, AttributeValue> good = item(
                "price",
                AttributeValue.fromN("19.99"),
                "tags",
                AttributeValue.fromSs(List.of("red", "big")),
                "size",
                AttributeValue.fromM(Map.of("w", AttributeValue.fromN("2"))),
                "lots",
                AttributeValue.fromNs(List.of("3", "4")));
        Map<String, AttributeValue> dear = item(
                "price",
                AttributeValue.fromN("20.50"),
                "tags",
                AttributeValue.fromSs(List.of("red")),
                "size",
                AttributeValue.fromM(Map.of("w", AttributeValue.fromN("2"))),
                "lots",
                AttributeValue.fromNs(List.of("3")));

        assertEquals(Optional.empty(), rule.check(insert(good)));
        assertEquals(
                "price 20.5 tags [red]", rule.check(insert(dear)).orElseThrow().message());
    }

    @Test
    void check_numberBeyondDoublePrecision_isRefusedNotRounded() {
        CelRule rule = rule(null, "newSelf.balance >= 0", "m");

        RuleEvaluationException e = assertThrows(
                RuleEvaluationException.class,
                () -> rule.check(insert(item("balance", AttributeValue.fromN("12345678901234567890.123456789")))));

        assertTrue(e.getMessage().contains("balance = 12345678901234567890.123456789"), e.getMessage());
        assertEquals(
                Optional.empty(), rule.check(insert(item("balance", AttributeValue.fromN("9223372036854775807")))));
    }

    @Test
    void check_impreciseNumberNoRuleReads_doesNotFailTheRule() {
        CelRule rule = rule(null, "newSelf.quantity >= 0", "m");

        assertEquals(
                Optional.empty(),
                rule.check(insert(
                        item("quantity", 3, "balance", AttributeValue.fromN("12345678901234567890.123456789")))));
    }

    @Test
    void check_iteratingAnImage_seesEveryAttribute() {
        CelRule rule = rule(null, "newSelf.all(name, name != 'forbidden') && size(newSelf) == 3", "keys: {newSelf}");

        assertEquals(Optional.empty(), rule.check(insert(item("quantity", 3, "version", 1))));
        assertEquals(
                "keys: {forbidden: x, quantity: 3, sku: A-1}",
                rule.check(insert(item("quantity", 3, "forbidden", "x")))
                        .orElseThrow()
                        .message());
    }

    @Test
    void check_nestedLoopsBeyondTheBudget_throwInsteadOfRunningOn() {
        CelRule rule = rule(null, "newSelf.lots.all(x, newSelf.lots.all(y, x + y > 0))", "m");
        List<String> small = java.util.stream.IntStream.rangeClosed(1, 30)
                .mapToObj(Integer::toString)
                .toList();
        List<String> large = java.util.stream.IntStream.rangeClosed(1, 40)
                .mapToObj(Integer::toString)
                .toList();

        assertEquals(Optional.empty(), rule.check(insert(item("lots", AttributeValue.fromNs(small)))));
        RuleEvaluationException e = assertThrows(
                RuleEvaluationException.class, () -> rule.check(insert(item("lots", AttributeValue.fromNs(large)))));
        assertTrue(e.getMessage().contains("Iteration budget exceeded: 1000"), e.getMessage());
    }

    @Test
    void check_failingPlaceholder_rendersTheErrorAndStillReports() {
        CelRule rule = rule(null, "newSelf.quantity >= 0", "quantity {newSelf.quantity} of {newSelf.name}");

        String message = rule.check(insert(item("quantity", -2))).orElseThrow().message();

        assertTrue(message.startsWith("quantity -2 of <error: message: "), message);
    }

    @Test
    void compile_undeclaredVariable_namesFieldAndPosition() {
        CelCompileException e =
                assertThrows(CelCompileException.class, () -> rule(null, "newSelf.q > 1 && newSelff.x > 1", "m"));

        assertEquals("assert 1:18: undeclared reference to 'newSelff' (in container '')", e.getMessage());
    }

    @Test
    void compile_assertNotBool_isATypeError() {
        CelCompileException e = assertThrows(CelCompileException.class, () -> rule(null, "newSelf.quantity + 1", "m"));

        assertEquals("assert 1:18: expected type 'bool' but found 'int'", e.getMessage());
    }

    @Test
    void compile_whenSyntaxError_namesWhen() {
        CelCompileException e = assertThrows(CelCompileException.class, () -> rule("event ==", "true", "m"));

        assertEquals("when", e.field());
        assertEquals(1, e.line());
        assertEquals(9, e.column());
    }

    @Test
    void compile_badPlaceholder_positionInTheMessage() {
        CelCompileException e = assertThrows(
                CelCompileException.class, () -> rule(null, "true", "quantity {newSelf.quantity} and {nope}"));

        assertEquals("message 1:34: undeclared reference to 'nope' (in container '')", e.getMessage());
    }

    @Test
    void compile_unclosedPlaceholder_isReported() {
        CelCompileException e =
                assertThrows(CelCompileException.class, () -> rule(null, "true", "quantity {newSelf.quantity"));

        assertEquals("message 1:10: '{' without a closing '}'", e.getMessage());
    }
}
