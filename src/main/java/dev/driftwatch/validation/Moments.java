package dev.driftwatch.validation;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms of time an operator types, on the command line and in the web view's URLs: a duration
 * ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code PT1H}) and a moment (a duration ago, or an
 * ISO-8601 instant). Failures are {@link IllegalArgumentException}s whose message is the one line to show.
 */
public final class Moments {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    private Moments() {}

    /** A duration of zero or more. */
    public static Duration duration(String value) {
        Matcher matcher = SHORT.matcher(value.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        Duration parsed;
        try {
            parsed = Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "expected a duration like 90s, 15m, 2h, 7d or PT1H, got '" + value + "'");
        }
        if (parsed.isNegative()) {
            throw new IllegalArgumentException("expected a duration of zero or more, got '" + value + "'");
        }
        return parsed;
    }

    /** A duration ago, counted from {@code clock}, or an instant. */
    public static Instant moment(String value, Clock clock) {
        if (value.trim().matches("\\d{4}-.*")) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "expected an instant like 2026-11-25T10:00:00Z, got '" + value + "'");
            }
        }
        try {
            return clock.instant().minus(duration(value));
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "expected a duration ago like 90s, 15m, 2h, 7d or an instant like 2026-11-25T10:00:00Z, got '"
                            + value + "'");
        }
    }
}
