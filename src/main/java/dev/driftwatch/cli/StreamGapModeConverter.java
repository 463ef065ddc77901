package dev.driftwatch.cli;

import dev.driftwatch.bench.StreamGapMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code off}, {@code memory} or {@code durable}. */
final class StreamGapModeConverter implements ITypeConverter<StreamGapMode> {
    @Override
    public StreamGapMode convert(String value) {
        try {
            return StreamGapMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
