package dev.driftwatch.rule;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.validation.Require;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A user rule as written in a rules file: CEL {@code assertion} that must hold on every record that
 * {@code when} selects, and the message of the finding when it does not.
 *
 * @param origin where it was written, {@code file:line}, for errors
 */
public record RuleDefinition(
        String id,
        FindingClass findingClass,
        Optional<Severity> severity,
        Optional<String> when,
        String assertion,
        String message,
        String origin) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public RuleDefinition {
        Require.notBlank("id", id);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "rule id '" + id + "': use lower-case letters, digits and '-', at most 63");
        }
        Objects.requireNonNull(findingClass, "findingClass");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(when, "when");
        Require.notBlank("assert", assertion);
        Require.notBlank("message", message);
        Require.notBlank("origin", origin);
    }
}
