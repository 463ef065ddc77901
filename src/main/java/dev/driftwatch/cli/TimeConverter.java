package dev.driftwatch.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A moment: a duration ago ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code PT1H}) or an ISO-8601 instant. */
final class TimeConverter implements ITypeConverter<Instant> {
    private final Clock clock;

    TimeConverter() {
        this(Clock.systemUTC());
    }

    TimeConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        if (value.trim().matches("\\d{4}-.*")) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected an instant like 2026-11-25T10:00:00Z, got '" + value + "'");
            }
        }
        try {
            return clock.instant().minus(new DurationConverter().convert(value));
        } catch (TypeConversionException e) {
            throw new TypeConversionException(
                    "expected a duration ago like 90s, 15m, 2h, 7d or an instant like 2026-11-25T10:00:00Z, got '"
                            + value + "'");
        }
    }
}
