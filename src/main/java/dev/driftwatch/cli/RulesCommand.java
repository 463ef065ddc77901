package dev.driftwatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftwatch rules}: only its subcommands do work. */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Validate rules files (CEL rules, built-in settings) before a daemon loads them.",
        subcommands = RulesCheckCommand.class)
final class RulesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: check");
    }
}
