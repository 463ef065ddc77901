package dev.driftwatch.rule.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.driftwatch.rule.RuleEvaluationException;
import java.util.Set;

/** One compiled expression and the variables it reads (a rule reading oldSelf skips INSERTs). */
record CompiledExpression(String field, String source, CelRuntime.Program program, Set<String> variables) {
    private static final java.util.regex.Pattern OFFSET = java.util.regex.Pattern.compile("at <input>:(\\d+):");

    CompiledExpression {
        variables = Set.copyOf(variables);
    }

    Object evaluate(RecordBindings bindings) {
        try {
            return program.eval(bindings);
        } catch (CelEvaluationException e) {
            throw new RuleEvaluationException(field + ": " + withColumn(e.getMessage()));
        }
    }

    /** CEL says {@code at <input>:17:} with a 0-based offset; people read 1-based columns. */
    private static String withColumn(String message) {
        java.util.regex.Matcher offset = OFFSET.matcher(message);
        if (!offset.find()) {
            return message;
        }
        int column = Integer.parseInt(offset.group(1)) + 1;
        return message.substring(0, offset.start()) + "at column " + column + ":" + message.substring(offset.end());
    }

    boolean test(RecordBindings bindings) {
        Object result = evaluate(bindings);
        if (result instanceof Boolean value) {
            return value;
        }
        throw new RuleEvaluationException(
                field + " gave " + CelRender.typeName(result) + " " + CelRender.text(result) + ", not a bool");
    }
}
