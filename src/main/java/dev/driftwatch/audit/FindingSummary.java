package dev.driftwatch.audit;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.time.Instant;
import java.util.Objects;

/** What an overview counts of a finding: the few attributes read back by a projected query. */
public record FindingSummary(
        String ruleId, FindingClass findingClass, Severity severity, String itemKey, Instant detectedAt) {
    public FindingSummary {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(findingClass, "findingClass");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(itemKey, "itemKey");
        Objects.requireNonNull(detectedAt, "detectedAt");
    }
}
