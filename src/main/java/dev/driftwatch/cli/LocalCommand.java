package dev.driftwatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftwatch local}: the local DynamoDB + Streams endpoint (moto). */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = "Manage the local DynamoDB + DynamoDB Streams endpoint (moto, in .local/).",
        subcommands = {LocalStartCommand.class, LocalStopCommand.class, LocalStatusCommand.class})
final class LocalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of start, stop, status");
    }
}
