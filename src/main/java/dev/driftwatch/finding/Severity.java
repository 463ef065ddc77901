package dev.driftwatch.finding;

import java.util.Locale;

/** How urgent a finding is; the PagerDuty Events v2 levels, in order. */
public enum Severity {
    INFO,
    WARNING,
    ERROR,
    CRITICAL;

    /** Parses a level case-insensitively; the message lists the accepted values. */
    public static Severity parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("expected one of INFO, WARNING, ERROR, CRITICAL, got: '" + value + "'");
        }
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
