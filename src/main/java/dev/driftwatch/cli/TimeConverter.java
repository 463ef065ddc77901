package dev.driftwatch.cli;

import dev.driftwatch.validation.Moments;
import java.time.Clock;
import java.time.Instant;
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
        try {
            return Moments.moment(value, clock);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
