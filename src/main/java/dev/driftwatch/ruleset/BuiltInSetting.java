package dev.driftwatch.ruleset;

import dev.driftwatch.finding.Severity;
import dev.driftwatch.validation.Require;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** A built-in rule turned off or re-parametrised for one table: its severity, and the floor of the stock rules. */
public record BuiltInSetting(String ruleId, boolean enabled, Optional<Severity> severity, Optional<BigDecimal> floor) {
    public BuiltInSetting {
        Require.notBlank("ruleId", ruleId);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(floor, "floor");
    }

    public static BuiltInSetting off(String ruleId) {
        return new BuiltInSetting(ruleId, false, Optional.empty(), Optional.empty());
    }
}
