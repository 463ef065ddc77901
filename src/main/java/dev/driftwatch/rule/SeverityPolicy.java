package dev.driftwatch.rule;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.util.Map;

/** The severity of a finding: the rule's override if configured, else the default of its class. */
public record SeverityPolicy(Map<String, Severity> overrides) {
    public static final SeverityPolicy DEFAULTS = new SeverityPolicy(Map.of());

    public SeverityPolicy {
        overrides = Map.copyOf(overrides);
    }

    /**
     * Rules whose findings are inferred rather than proven start a step below their class: counter-unchanged
     * cannot tell a lost update from an application's own retry (a save sent again with a new updated_at), and
     * stale-base from a write of another kind that happens to land a unit away from an older value.
     */
    static final Map<String, Severity> INFERRED =
            Map.of("counter-unchanged", Severity.ERROR, BuiltInRules.STALE_BASE, Severity.ERROR);

    public Severity severityOf(String ruleId, FindingClass findingClass) {
        return overrides.getOrDefault(ruleId, INFERRED.getOrDefault(ruleId, findingClass.defaultSeverity()));
    }
}
