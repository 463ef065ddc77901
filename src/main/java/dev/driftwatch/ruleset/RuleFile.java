package dev.driftwatch.ruleset;

import dev.driftwatch.rule.RuleDefinition;
import dev.driftwatch.validation.Require;
import java.util.List;
import java.util.Map;

/** One rules file: the table it is for, its user rules, and its settings of built-in rules by rule id. */
public record RuleFile(String source, String table, List<RuleDefinition> rules, Map<String, BuiltInSetting> builtIns) {
    public RuleFile {
        Require.notBlank("source", source);
        Require.notBlank("table", table);
        rules = List.copyOf(rules);
        builtIns = Map.copyOf(builtIns);
    }
}
