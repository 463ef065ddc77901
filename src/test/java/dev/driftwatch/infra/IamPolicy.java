package dev.driftwatch.infra;

import dev.driftwatch.support.OperationRecorder.Call;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Allow statements of a policy in a CloudFormation template, with Ref, Fn::Sub and Fn::If
 * resolved from given parameter values and conditions, and IAM's wildcard matching of actions and
 * resources. Enough to decide which calls the policy allows; not a general IAM evaluator (there are
 * no Deny statements or condition keys to evaluate in ours).
 */
final class IamPolicy {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    record Statement(String sid, List<String> actions, List<String> resources) {
        boolean allows(Call call) {
            return actions.stream().anyMatch(a -> matches(a, call.action()))
                    && resources.stream().anyMatch(r -> matches(r, call.resource()));
        }

        Statement without(String action) {
            return new Statement(
                    sid, actions.stream().filter(a -> !a.equals(action)).toList(), resources);
        }
    }

    private final List<Statement> statements;

    IamPolicy(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /** The policy document of {@code resource} in {@code template}, resolved. */
    static IamPolicy fromTemplate(
            Path template, String resource, Map<String, String> values, Map<String, Boolean> conditions)
            throws IOException {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(template)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed =
                    (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            document = parsed;
        }
        Map<?, ?> policy = (Map<?, ?>) ((Map<?, ?>)
                        ((Map<?, ?>) ((Map<?, ?>) document.get("Resources")).get(resource)).get("Properties"))
                .get("PolicyDocument");
        List<Statement> statements = new ArrayList<>();
        for (Object raw : (List<?>) policy.get("Statement")) {
            Object statement = resolve(raw, values, conditions);
            if (statement == null) {
                continue; // Fn::If to AWS::NoValue
            }
            Map<?, ?> fields = (Map<?, ?>) statement;
            if (!"Allow".equals(fields.get("Effect"))) {
                throw new IllegalArgumentException("only Allow statements are understood, got " + fields);
            }
            statements.add(new Statement(
                    String.valueOf(fields.get("Sid")), strings(fields.get("Action")), strings(fields.get("Resource"))));
        }
        return new IamPolicy(statements);
    }

    List<Statement> statements() {
        return statements;
    }

    boolean allows(Call call) {
        return statements.stream().anyMatch(statement -> statement.allows(call));
    }

    /** The same policy with an action taken out of every statement (to show the check bites). */
    IamPolicy without(String action) {
        return new IamPolicy(statements.stream().map(s -> s.without(action)).toList());
    }

    /** Calls this policy does not allow. */
    Set<Call> denied(Set<Call> calls) {
        Set<Call> denied = new LinkedHashSet<>();
        calls.stream()
                .filter(call -> !allows(call))
                .sorted(java.util.Comparator.comparing(Call::action).thenComparing(Call::resource))
                .forEach(denied::add);
        return denied;
    }

    /** "sid action" of every allowed action no call used on that statement's resources. */
    Set<String> unused(Set<Call> calls) {
        Set<String> unused = new LinkedHashSet<>();
        for (Statement statement : statements) {
            for (String action : statement.actions()) {
                Statement single = new Statement(statement.sid(), List.of(action), statement.resources());
                if (calls.stream().noneMatch(single::allows)) {
                    unused.add(statement.sid() + " " + action);
                }
            }
        }
        return unused;
    }

    static boolean matches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    /** Ref, Fn::Sub (string form), Fn::If; null for AWS::NoValue. */
    private static Object resolve(Object node, Map<String, String> values, Map<String, Boolean> conditions) {
        if (node instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            String key = String.valueOf(only.getKey());
            switch (key) {
                case "Ref" -> {
                    String name = String.valueOf(only.getValue());
                    return "AWS::NoValue".equals(name) ? null : value(values, name);
                }
                case "Fn::Sub" -> {
                    Matcher m = VARIABLE.matcher(String.valueOf(only.getValue()));
                    StringBuilder out = new StringBuilder();
                    while (m.find()) {
                        m.appendReplacement(out, Matcher.quoteReplacement(value(values, m.group(1))));
                    }
                    m.appendTail(out);
                    return out.toString();
                }
                case "Fn::If" -> {
                    List<?> branches = (List<?>) only.getValue();
                    Boolean condition = conditions.get(String.valueOf(branches.get(0)));
                    if (condition == null) {
                        throw new IllegalArgumentException("no value given for condition " + branches.get(0));
                    }
                    return resolve(condition ? branches.get(1) : branches.get(2), values, conditions);
                }
                default -> {
                    // an ordinary one-key mapping
                }
            }
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> resolved = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> resolved.put(k, resolve(v, values, conditions)));
            return resolved;
        }
        if (node instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object element : list) {
                Object value = resolve(element, values, conditions);
                if (value != null) {
                    resolved.add(value);
                }
            }
            return resolved;
        }
        return node;
    }

    private static String value(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no value given for " + name);
        }
        return value;
    }
}
