package dev.driftwatch.cli;

import picocli.CommandLine;

/** Entry point of the {@code driftwatch} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int status;
        try {
            status = commandLine().execute(args);
        } catch (Throwable fatal) {
            // An Error (out of memory, a class missing from a replaced jar) escapes picocli's handlers: exit anyway,
            // or the non-daemon threads (KCL, the ops server) would keep a dead command running.
            System.err.println("driftwatch: fatal: " + fatal);
            status = ExitCodes.FINDINGS_OR_FAILURE;
        }
        System.exit(status);
    }

    /** The configured command line, shared by {@link #main} and the CLI tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new DriftwatchCommand());
        commandLine.setParameterExceptionHandler(ErrorHandlers::usageError);
        commandLine.setExecutionExceptionHandler(ErrorHandlers::executionError);
        return commandLine;
    }
}
