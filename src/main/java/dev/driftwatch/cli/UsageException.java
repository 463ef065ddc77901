package dev.driftwatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A command line that cannot be carried out as given: one line, exit 2. A value the user typed that
 * the domain refuses becomes one through {@link #check}; any other {@link IllegalArgumentException}
 * is a defect and is reported as one.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }

    private UsageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Builds a value from the user's arguments; a refusal of them is a usage error. */
    static <T> T check(Supplier<T> fromArguments) {
        try {
            return fromArguments.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Every named input file must exist before any work starts. */
    static void requireFiles(List<Path> files) {
        for (Path file : files) {
            if (!Files.exists(file)) {
                throw new UsageException(file + ": no such file");
            }
        }
    }
}
