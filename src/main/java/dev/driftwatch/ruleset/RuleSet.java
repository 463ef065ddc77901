package dev.driftwatch.ruleset;

import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Nearest;
import dev.driftwatch.config.RulesConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.config.UnstampedWriters;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.Rule;
import dev.driftwatch.rule.RuleDefinition;
import dev.driftwatch.rule.SeverityPolicy;
import dev.driftwatch.rule.cel.CelCompileException;
import dev.driftwatch.rule.cel.CelRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules that run for one watched table: the built-ins as the rules files leave them (off, another
 * severity, another floor), then the files' CEL rules compiled once, and whether the stream-gap and stale-base
 * checks run (stale-base only where {@code table.unstamped} declares units).
 */
public record RuleSet(List<Rule> rules, SeverityPolicy severities, boolean streamGap, boolean staleBase) {
    private static final Logger LOG = LoggerFactory.getLogger(RuleSet.class);

    public RuleSet {
        rules = List.copyOf(rules);
    }

    /**
     * The set a configuration describes: its rules path read if present (it must be, when named).
     *
     * @throws RuleFileException for a missing named path or a file that cannot be used
     */
    public static RuleSet forConfig(DriftwatchConfig config) {
        RulesConfig rules = config.rules();
        if (!java.nio.file.Files.exists(rules.path())) {
            if (rules.required()) {
                throw new RuleFileException(rules.path() + ": no such file or directory (rules.path)");
            }
            return builtIn(config.table());
        }
        return of(config.table(), RuleFiles.load(List.of(rules.path())));
    }

    /** The built-in rules with their default settings and stream-gap on: no rules file. */
    public static RuleSet builtIn(TableConfig table) {
        return of(table, List.of());
    }

    /**
     * Builds the set from the files written for {@code table} (files for other tables are ignored).
     *
     * @throws RuleFileException naming file, line, rule and, for CEL, field and position
     */
    public static RuleSet of(TableConfig table, List<RuleFile> files) {
        Map<String, BuiltInSetting> settings = new LinkedHashMap<>();
        Map<String, String> settingOrigin = new HashMap<>();
        List<RuleDefinition> definitions = new ArrayList<>();
        List<RuleFile> otherTables = new ArrayList<>();
        boolean forThisTable = false;
        for (RuleFile file : files) {
            if (!file.table().equals(table.name())) {
                otherTables.add(file);
                continue;
            }
            forThisTable = true;
            for (BuiltInSetting setting : file.builtIns().values()) {
                if (!BuiltInRules.allIds().contains(setting.ruleId())) {
                    throw new RuleFileException(file.source() + ": builtins." + setting.ruleId()
                            + ": no such built-in rule (known: " + String.join(", ", BuiltInRules.allIds()) + ")");
                }
                if (setting.floor().isPresent() && !BuiltInRules.WITH_FLOOR.contains(setting.ruleId())) {
                    throw new RuleFileException(file.source() + ": builtins." + setting.ruleId()
                            + ".floor: only "
                            + String.join(
                                    " and ",
                                    BuiltInRules.WITH_FLOOR.stream().sorted().toList())
                            + " have a floor");
                }
                String earlier = settingOrigin.putIfAbsent(setting.ruleId(), file.source());
                if (earlier != null) {
                    throw new RuleFileException(
                            file.source() + ": builtins." + setting.ruleId() + ": already set in " + earlier);
                }
                settings.put(setting.ruleId(), setting);
            }
            definitions.addAll(file.rules());
        }
        for (RuleFile other : otherTables) {
            ignore(other, table, forThisTable);
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Severity> severities = new HashMap<>();
        for (String id : BuiltInRules.ids(table)) {
            BuiltInSetting setting = settings.get(id);
            if (setting != null && !setting.enabled()) {
                continue;
            }
            TableConfig parameters = setting == null
                    ? table
                    : setting.floor().map(table::withFloor).orElse(table);
            rules.add(BuiltInRules.create(id, parameters));
            if (setting != null) {
                setting.severity().ifPresent(severity -> severities.put(id, severity));
            }
        }
        BuiltInSetting gap = settings.get(BuiltInRules.STREAM_GAP);
        boolean streamGap = gap == null || gap.enabled();
        if (gap != null) {
            gap.severity().ifPresent(severity -> severities.put(BuiltInRules.STREAM_GAP, severity));
        }
        BuiltInSetting stale = settings.get(BuiltInRules.STALE_BASE);
        boolean staleBase = (stale == null || stale.enabled())
                && table.unstamped().filter(UnstampedWriters::staleBase).isPresent();
        if (stale != null) {
            stale.severity().ifPresent(severity -> severities.put(BuiltInRules.STALE_BASE, severity));
        }
        Map<String, String> userOrigins = new HashMap<>();
        for (RuleDefinition definition : definitions) {
            if (BuiltInRules.allIds().contains(definition.id())) {
                throw new RuleFileException(definition.origin() + ": rule " + definition.id()
                        + ": the id of a built-in rule; choose another");
            }
            String earlier = userOrigins.putIfAbsent(definition.id(), definition.origin());
            if (earlier != null) {
                throw new RuleFileException(
                        definition.origin() + ": rule " + definition.id() + ": already defined at " + earlier);
            }
            rules.add(compile(definition));
            definition.severity().ifPresent(severity -> severities.put(definition.id(), severity));
        }
        return new RuleSet(rules, new SeverityPolicy(severities), streamGap, staleBase);
    }

    private static CelRule compile(RuleDefinition definition) {
        try {
            return CelRule.compile(definition);
        } catch (CelCompileException e) {
            throw new RuleFileException(definition.origin() + ": rule " + definition.id() + ": " + e.getMessage());
        }
    }

    /**
     * A file for another table is ignored, and said so. When no file is for the watched table and one names
     * a near miss of it, that is a typo that would leave the table unchecked by its rules: refused.
     */
    private static void ignore(RuleFile file, TableConfig table, boolean tableHasItsOwnFile) {
        if (!tableHasItsOwnFile
                && Nearest.of(file.table(), List.of(table.name())).isPresent()) {
            throw new RuleFileException(file.source() + ": table: '" + file.table() + "' is not the watched table '"
                    + table.name() + "', and no rules file is for it (did you mean '" + table.name() + "'?)");
        }
        LOG.warn(
                "rules file ignored, not for the watched table file={} table={} watchedTable={}",
                file.source(),
                file.table(),
                table.name());
    }

    public List<String> ruleIds() {
        List<String> ids = new ArrayList<>();
        rules.forEach(rule -> ids.add(rule.id()));
        if (streamGap) {
            ids.add(BuiltInRules.STREAM_GAP);
        }
        if (staleBase) {
            ids.add(BuiltInRules.STALE_BASE);
        }
        return ids;
    }
}
