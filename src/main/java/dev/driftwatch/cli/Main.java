package dev.driftwatch.cli;

import picocli.CommandLine;

/** Entry point of the {@code driftwatch} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the CLI tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new DriftwatchCommand());
        commandLine.setParameterExceptionHandler(ErrorHandlers::usageError);
        commandLine.setExecutionExceptionHandler(ErrorHandlers::executionError);
        return commandLine;
    }
}
