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

    public Severity severityOf(String ruleId, FindingClass findingClass) {
        return overrides.getOrDefault(ruleId, findingClass.defaultSeverity());
    }
}
