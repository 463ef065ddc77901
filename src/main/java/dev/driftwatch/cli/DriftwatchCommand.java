package dev.driftwatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: only subcommands do work. */
@Command(
        name = "driftwatch",
        mixinStandardHelpOptions = true,
        version = "driftwatch 0.1.0",
        description = "Detects lost updates and invariant violations in a DynamoDB table through its stream.",
        subcommands = {
            LocalCommand.class,
            TablesCommand.class,
            RunCommand.class,
            FindingsCommand.class,
            UiCommand.class,
            AlertsCommand.class,
            RulesCommand.class,
            ReplayCommand.class,
            ReconcileCommand.class,
            CoverageCommand.class,
            DemoCommand.class,
            BenchCommand.class
        })
final class DriftwatchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "missing command: one of local, tables, run, findings, alerts, rules, replay, reconcile, coverage, demo,"
                        + " bench");
    }
}
