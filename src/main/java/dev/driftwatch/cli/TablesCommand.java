package dev.driftwatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code driftwatch tables}: the tables driftwatch needs. */
@Command(
        name = "tables",
        mixinStandardHelpOptions = true,
        description = "Create the tables driftwatch uses.",
        subcommands = {TablesCreateCommand.class})
final class TablesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: create");
    }
}
