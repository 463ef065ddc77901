package dev.driftwatch.cli;

import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.reconcile.Reconciler;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.ruleset.RuleSet;
import java.util.ArrayList;
import java.util.List;

/** The rule ids a watched table's findings can carry: the by-rule index is queried once per rule. */
final class KnownRules {
    private KnownRules() {}

    static List<String> of(DriftwatchConfig config) {
        List<String> ids = new ArrayList<>(RuleSet.forConfig(config).ruleIds());
        ids.add(RuleEngine.UNDECODABLE);
        ids.add(Reconciler.RULE_ID);
        return ids;
    }
}
