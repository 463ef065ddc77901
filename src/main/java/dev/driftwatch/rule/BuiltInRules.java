package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import java.util.List;

/** The built-in rules of DESIGN.md for one watched table, in a fixed order. */
public final class BuiltInRules {
    private BuiltInRules() {}

    public static List<Rule> forTable(TableConfig table) {
        List<Rule> rules = new java.util.ArrayList<>(List.of(
                new NegativeStockRule(table),
                new VersionNotIncrementedRule(table),
                new VersionRegressedRule(table),
                new VersionSkippedRule(table),
                new VersionMissingRule(table),
                new InsertVersionRule(table),
                new ConservationRule(table),
                new DuplicateApplyRule(table),
                new RemoveWithStockRule(table)));
        if (table.shardedCounters()) {
            rules.add(new ShardedStockRule(table));
        }
        return List.copyOf(rules);
    }
}
