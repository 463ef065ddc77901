package dev.driftwatch.cli;

import dev.driftwatch.demo.RaceMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A {@link RaceMode} by its label: {@code unsafe}, {@code safe-versioned}, … */
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
