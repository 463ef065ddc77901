package dev.driftwatch.cli;

import dev.driftwatch.validation.Moments;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d} or an ISO-8601 duration such as {@code PT1H};
 * a negative duration is refused (every option that takes one waits or reaches back that long).
 */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Moments.duration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
