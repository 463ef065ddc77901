package dev.driftwatch.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** Progress of long work: one line at a time on the command's error writer, flushed at once. */
final class ProgressLines {
    private ProgressLines() {}

    static Consumer<String> to(PrintWriter err) {
        return line -> {
            err.println(line);
            err.flush();
        };
    }
}
