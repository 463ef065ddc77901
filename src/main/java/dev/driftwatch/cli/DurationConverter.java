package dev.driftwatch.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d} or an ISO-8601 duration such as {@code PT1H};
 * a negative duration is refused (every option that takes one waits or reaches back that long).
 */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

    @Override
    public Duration convert(String value) {
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
            throw new TypeConversionException("expected a duration like 90s, 15m, 2h, 7d or PT1H, got '" + value + "'");
        }
        if (parsed.isNegative()) {
            throw new TypeConversionException("expected a duration of zero or more, got '" + value + "'");
        }
        return parsed;
    }
}
