package dev.driftwatch.cli;

import dev.driftwatch.config.ConfigException;
import dev.driftwatch.local.LocalEndpointException;
import dev.driftwatch.ruleset.RuleFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.core.exception.SdkException;

/** One line per error, on the command's error writer, with the exit code that says what kind it was. */
final class ErrorHandlers {
    private ErrorHandlers() {}

    static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("driftwatch: " + e.getMessage() + " (see '" + qualifiedName(command) + " --help')");
        return ExitCodes.USAGE;
    }

    static int executionError(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof ConfigException || e instanceof RuleFileException || e instanceof UsageException) {
            command.getErr().println("driftwatch: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (e instanceof LocalEndpointException || e instanceof IllegalStateException) {
            command.getErr().println("driftwatch: " + e.getMessage());
            return ExitCodes.FINDINGS_OR_FAILURE;
        }
        if (e instanceof SdkException) {
            command.getErr().println("driftwatch: AWS call failed: " + firstLine(e.getMessage()));
            return ExitCodes.FINDINGS_OR_FAILURE;
        }
        command.getErr().println("driftwatch: unexpected error: " + e);
        e.printStackTrace(command.getErr());
        return ExitCodes.FINDINGS_OR_FAILURE;
    }

    private static String qualifiedName(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
