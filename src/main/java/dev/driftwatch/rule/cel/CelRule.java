package dev.driftwatch.rule.cel;

import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.rule.Rule;
import dev.driftwatch.rule.RuleDefinition;
import dev.driftwatch.rule.Violation;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user rule compiled once: on each record whose variables are present (a rule reading
 * {@code oldSelf} is a transition rule and skips INSERTs, as in Kubernetes) and that {@code when}
 * selects, {@code assert} must be true; false yields the rendered message in the rule's class. An
 * evaluation error (division by zero, a missing attribute, the iteration budget) is thrown as a
 * RuleEvaluationException, which the engine stores as an INPUT finding naming the rule.
 */
public final class CelRule implements Rule {
    private final RuleDefinition definition;
    private final Optional<CompiledExpression> when;
    private final CompiledExpression assertion;
    private final MessageTemplate message;
    private final Set<String> needs;

    private CelRule(
            RuleDefinition definition,
            Optional<CompiledExpression> when,
            CompiledExpression assertion,
            MessageTemplate message) {
        this.definition = definition;
        this.when = when;
        this.assertion = assertion;
        this.message = message;
        Set<String> variables = new TreeSet<>(assertion.variables());
        when.ifPresent(expression -> variables.addAll(expression.variables()));
        this.needs = Set.copyOf(variables);
    }

    /**
     * Compiles a definition.
     *
     * @throws CelCompileException naming the field (when, assert, message) and the 1-based position
     */
    public static CelRule compile(RuleDefinition definition) {
        return compile(definition, SharedEnvironment.INSTANCE);
    }

    static CelRule compile(RuleDefinition definition, CelEnvironment environment) {
        Optional<CompiledExpression> when = definition.when().map(source -> environment.compile("when", source, true));
        CompiledExpression assertion = environment.compile("assert", definition.assertion(), true);
        MessageTemplate message = MessageTemplate.compile(definition.message(), environment);
        return new CelRule(definition, when, assertion, message);
    }

    @Override
    public String id() {
        return definition.id();
    }

    public RuleDefinition definition() {
        return definition;
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        RecordBindings bindings = RecordBindings.of(record);
        for (String variable : needs) {
            if (!bindings.has(variable)) {
                return Optional.empty();
            }
        }
        if (when.isPresent() && !when.get().test(bindings)) {
            return Optional.empty();
        }
        if (assertion.test(bindings)) {
            return Optional.empty();
        }
        return Optional.of(Violation.of(definition.findingClass(), message.render(bindings)));
    }

    /** One environment for all rules: building it costs tens of milliseconds. */
    private static final class SharedEnvironment {
        static final CelEnvironment INSTANCE = new CelEnvironment();
    }
}
