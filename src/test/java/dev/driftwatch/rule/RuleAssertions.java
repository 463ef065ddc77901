package dev.driftwatch.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import java.util.Optional;

/** Shared helpers of the rule tests. */
final class RuleAssertions {
    static final TableConfig TABLE = TableConfig.named("inventory");

    private RuleAssertions() {}

    static Violation fires(Rule rule, ChangeRecord record, FindingClass expectedClass) {
        Optional<Violation> violation = rule.check(record);
        assertTrue(violation.isPresent(), rule.id() + " should fire");
        assertEquals(expectedClass, violation.get().findingClass());
        return violation.get();
    }

    static void holds(Rule rule, ChangeRecord record) {
        assertEquals(Optional.empty(), rule.check(record), rule.id() + " should not fire");
    }
}
