package dev.driftwatch.rule;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.validation.Require;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** What a rule reports about one record: a one-line explanation citing the numbers, its class, lost units. */
public record Violation(String message, FindingClass findingClass, Optional<BigDecimal> lostUnits) {
    public Violation {
        Require.notBlank("message", message);
        Objects.requireNonNull(findingClass, "findingClass");
        Objects.requireNonNull(lostUnits, "lostUnits");
    }

    public static Violation of(FindingClass findingClass, String message) {
        return new Violation(message, findingClass, Optional.empty());
    }
}
