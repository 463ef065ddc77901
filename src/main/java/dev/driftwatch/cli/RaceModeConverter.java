package dev.driftwatch.cli;

import dev.driftwatch.demo.RaceMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code unsafe}, {@code safe-versioned} or {@code safe-atomic}. */
final class RaceModeConverter implements ITypeConverter<RaceMode> {
    @Override
    public RaceMode convert(String value) {
        try {
            return RaceMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
