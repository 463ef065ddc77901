package dev.driftwatch.ruleset;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.rule.RuleDefinition;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a rules file keeping line numbers, so that every error names {@code file:line}:
 *
 * <pre>
 * table: inventory
 * builtins:
 *   remove-with-stock: off
 *   version-skipped: {severity: ERROR}
 *   negative-stock: {floor: -5}
 * rules:
 *   - id: reserved-within-quantity
 *     class: INVARIANT
 *     when: event != 'REMOVE'
 *     assert: newSelf.reserved &lt;= newSelf.quantity
 *     message: "reserved {newSelf.reserved} exceeds quantity {newSelf.quantity}"
 * </pre>
 */
public final class RuleFileParser {
    private static final Set<String> FILE_KEYS = Set.of("table", "builtins", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "class", "severity", "when", "assert", "message");
    private static final Set<String> BUILTIN_KEYS = Set.of("enabled", "severity", "floor");

    private RuleFileParser() {}

    public static RuleFile parse(Path file) {
        String source = file.toString();
        Node root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
        } catch (NoSuchFileException e) {
            throw new RuleFileException(source + ": no such file");
        } catch (IOException e) {
            throw new RuleFileException(source + ": cannot be read: " + e.getMessage());
        } catch (YAMLException e) {
            throw new RuleFileException(source + ": not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return parse(source, root);
    }

    static RuleFile parse(String source, Node root) {
        if (!(root instanceof MappingNode mapping)) {
            throw error(source, root, "expected a mapping with table:, rules: and builtins:");
        }
        Map<String, Node> top = entries(source, mapping, FILE_KEYS);
        Node tableNode = top.get("table");
        if (tableNode == null) {
            throw error(source, root, "table: is required (the watched table these rules are for)");
        }
        String table = scalar(source, tableNode, "table");
        List<RuleDefinition> rules = new ArrayList<>();
        Node rulesNode = top.get("rules");
        if (rulesNode != null) {
            if (!(rulesNode instanceof SequenceNode sequence)) {
                throw error(source, rulesNode, "rules: expected a list of rules");
            }
            Set<String> ids = new java.util.HashSet<>();
            for (Node element : sequence.getValue()) {
                RuleDefinition rule = rule(source, element);
                if (!ids.add(rule.id())) {
                    throw error(source, element, "rule " + rule.id() + ": a second rule with this id");
                }
                rules.add(rule);
            }
        }
        Map<String, BuiltInSetting> builtIns = new LinkedHashMap<>();
        Node builtInsNode = top.get("builtins");
        if (builtInsNode != null) {
            if (!(builtInsNode instanceof MappingNode builtInMapping)) {
                throw error(source, builtInsNode, "builtins: expected a mapping of rule id to off or settings");
            }
            for (NodeTuple tuple : builtInMapping.getValue()) {
                String ruleId = scalar(source, tuple.getKeyNode(), "builtins");
                builtIns.put(ruleId, builtIn(source, ruleId, tuple.getValueNode()));
            }
        }
        return new RuleFile(source, table, rules, builtIns);
    }

    private static RuleDefinition rule(String source, Node node) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(source, node, "rules: each rule is a mapping with id, class, assert and message");
        }
        Map<String, Node> fields = entries(source, mapping, RULE_KEYS);
        String id = fields.containsKey("id") ? scalar(source, fields.get("id"), "id") : null;
        String label = id == null ? "rule" : "rule " + id;
        for (String required : List.of("id", "class", "assert", "message")) {
            if (!fields.containsKey(required)) {
                throw error(source, node, label + ": " + required + " is required");
            }
        }
        String origin = source + ":" + line(node);
        try {
            FindingClass findingClass = findingClass(scalar(source, fields.get("class"), label + ": class"));
            Optional<Severity> severity = Optional.ofNullable(fields.get("severity"))
                    .map(n -> Severity.parse(scalar(source, n, label + ": severity")));
            return new RuleDefinition(
                    id,
                    findingClass,
                    severity,
                    Optional.ofNullable(fields.get("when")).map(n -> scalar(source, n, label + ": when")),
                    scalar(source, fields.get("assert"), label + ": assert"),
                    scalar(source, fields.get("message"), label + ": message"),
                    origin);
        } catch (IllegalArgumentException e) {
            throw new RuleFileException(origin + ": " + label + ": " + e.getMessage());
        }
    }

    private static BuiltInSetting builtIn(String source, String ruleId, Node node) {
        if (node instanceof ScalarNode scalar) {
            String value = scalar.getValue().trim().toLowerCase(Locale.ROOT);
            if (value.equals("off") || value.equals("false")) {
                return BuiltInSetting.off(ruleId);
            }
            if (value.equals("on") || value.equals("true")) {
                return new BuiltInSetting(ruleId, true, Optional.empty(), Optional.empty());
            }
            throw error(
                    source, node, "builtins." + ruleId + ": expected off, on or a mapping of enabled, severity, floor");
        }
        if (!(node instanceof MappingNode mapping)) {
            throw error(
                    source, node, "builtins." + ruleId + ": expected off, on or a mapping of enabled, severity, floor");
        }
        Map<String, Node> fields = entries(source, mapping, BUILTIN_KEYS);
        String label = "builtins." + ruleId;
        try {
            boolean enabled =
                    !fields.containsKey("enabled") || bool(scalar(source, fields.get("enabled"), label + ".enabled"));
            Optional<Severity> severity = Optional.ofNullable(fields.get("severity"))
                    .map(n -> Severity.parse(scalar(source, n, label + ".severity")));
            Optional<BigDecimal> floor =
                    Optional.ofNullable(fields.get("floor")).map(n -> decimal(scalar(source, n, label + ".floor")));
            return new BuiltInSetting(ruleId, enabled, severity, floor);
        } catch (IllegalArgumentException e) {
            throw error(source, node, label + ": " + e.getMessage());
        }
    }

    private static Map<String, Node> entries(String source, MappingNode mapping, Set<String> allowed) {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(source, tuple.getKeyNode(), "key");
            if (!allowed.contains(key)) {
                throw error(
                        source,
                        tuple.getKeyNode(),
                        "unknown key '" + key + "' (expected one of "
                                + allowed.stream().sorted().toList() + ")");
            }
            entries.put(key, tuple.getValueNode());
        }
        return entries;
    }

    private static String scalar(String source, Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(source, node, what + ": expected a single value");
        }
        return scalar.getValue();
    }

    private static FindingClass findingClass(String text) {
        try {
            return FindingClass.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "class: expected one of " + List.of(FindingClass.values()) + ", got: '" + text + "'");
        }
    }

    private static boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got: '" + text + "'");
        };
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got: '" + text + "'");
        }
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static RuleFileException error(String source, Node node, String reason) {
        return new RuleFileException(source + ":" + line(node) + ": " + reason);
    }
}
