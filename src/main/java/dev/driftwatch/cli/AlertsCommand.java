package dev.driftwatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftwatch alerts}: the alert outbox, for operators. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = {"The alert outbox in the audit table: what is still to be delivered, and resending."},
        subcommands = {AlertsPendingCommand.class, AlertsResendCommand.class})
final class AlertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of pending, resend");
    }
}
