package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.config.UnstampedWriters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The built-in rules (the README's "Rules" table) for one watched table, in a fixed order. */
public final class BuiltInRules {
    /** The id of the stream-gap check, which runs in the pipeline with its durable state, not as a Rule. */
    public static final String STREAM_GAP = "stream-gap";
    /** The id of the rule for writers that stamp nothing: a write that moved the marker and kept a counter. */
    public static final String COUNTER_UNCHANGED = CounterUnchangedRule.ID;
    /**
     * The id of the stale-base check, which runs in the pipeline with a window of each item's recent values (only
     * with {@code table.unstamped.units}), not as a Rule.
     */
    public static final String STALE_BASE = "stale-base";
    /** The rules whose floor a rules file may set. */
    public static final Set<String> WITH_FLOOR = Set.of("negative-stock", "logical-negative-stock");

    private static final List<String> IDS = List.of(
            "negative-stock",
            "version-not-incremented",
            "version-regressed",
            "version-skipped",
            "version-missing",
            "insert-version",
            "conservation",
            "duplicate-apply",
            "remove-with-stock");

    private BuiltInRules() {}

    public static List<Rule> forTable(TableConfig table) {
        List<Rule> rules = new ArrayList<>();
        for (String id : ids(table)) {
            rules.add(create(id, table));
        }
        return List.copyOf(rules);
    }

    /** The ids of the rules {@link #forTable} returns, in order. */
    public static List<String> ids(TableConfig table) {
        List<String> ids = new ArrayList<>(IDS);
        if (table.shardedCounters()) {
            ids.add("logical-negative-stock");
        }
        if (table.unstamped().filter(UnstampedWriters::counterUnchanged).isPresent()) {
            ids.add(CounterUnchangedRule.ID);
        }
        return List.copyOf(ids);
    }

    /** Every built-in id a rules file may name, sharded or not, stream-gap included. */
    public static List<String> allIds() {
        List<String> ids = new ArrayList<>(IDS);
        ids.add("logical-negative-stock");
        ids.add(CounterUnchangedRule.ID);
        ids.add(STREAM_GAP);
        ids.add(STALE_BASE);
        return List.copyOf(ids);
    }

    public static Rule create(String id, TableConfig table) {
        return switch (id) {
            case "negative-stock" -> new NegativeStockRule(table);
            case "version-not-incremented" -> new VersionNotIncrementedRule(table);
            case "version-regressed" -> new VersionRegressedRule(table);
            case "version-skipped" -> new VersionSkippedRule(table);
            case "version-missing" -> new VersionMissingRule(table);
            case "insert-version" -> new InsertVersionRule(table);
            case "conservation" -> new ConservationRule(table);
            case "duplicate-apply" -> new DuplicateApplyRule(table);
            case "remove-with-stock" -> new RemoveWithStockRule(table);
            case "logical-negative-stock" -> new ShardedStockRule(table);
            case CounterUnchangedRule.ID -> new CounterUnchangedRule(table);
            default -> throw new IllegalArgumentException("no built-in rule '" + id + "'");
        };
    }
}
