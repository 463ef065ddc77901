package dev.driftwatch.rule.cel;

import dev.driftwatch.rule.RuleEvaluationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A finding message with CEL expressions in braces, e.g. {@code "reserved {newSelf.reserved} exceeds
 * quantity {newSelf.quantity}"}; {@code {{} and {@code }}} stand for literal braces. Each expression
 * is compiled with the rule; one that fails on a record renders as {@code <error: reason>}, so the
 * finding is still stored.
 */
final class MessageTemplate {
    private final List<Object> parts;
    private final Set<String> variables;

    private MessageTemplate(List<Object> parts, Set<String> variables) {
        this.parts = List.copyOf(parts);
        this.variables = Set.copyOf(variables);
    }

    static MessageTemplate compile(String template, CelEnvironment environment) {
        List<Object> parts = new ArrayList<>();
        Set<String> variables = new TreeSet<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                int close = template.indexOf('}', i + 1);
                if (close < 0) {
                    throw new CelCompileException("message", 1, i + 1, "'{' without a closing '}'");
                }
                String source = template.substring(i + 1, close).trim();
                if (source.isEmpty()) {
                    throw new CelCompileException("message", 1, i + 1, "empty placeholder {}");
                }
                CompiledExpression expression;
                try {
                    expression = environment.compile("message", source, false);
                } catch (CelCompileException e) {
                    throw new CelCompileException("message", 1, i + 1 + e.column(), e.reason());
                }
                parts.add(literal.toString());
                literal.setLength(0);
                parts.add(expression);
                variables.addAll(expression.variables());
                i = close + 1;
            } else if (c == '}') {
                throw new CelCompileException("message", 1, i + 1, "'}' without an opening '{' (write }} for a brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        parts.add(literal.toString());
        return new MessageTemplate(parts, variables);
    }

    Set<String> variables() {
        return variables;
    }

    String render(RecordBindings bindings) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof CompiledExpression expression) {
                try {
                    text.append(CelRender.text(expression.evaluate(bindings)));
                } catch (RuleEvaluationException e) {
                    text.append("<error: ").append(e.getMessage()).append('>');
                }
            } else {
                text.append(part);
            }
        }
        return text.toString();
    }
}
