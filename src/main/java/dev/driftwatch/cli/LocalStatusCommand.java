package dev.driftwatch.cli;

import dev.driftwatch.local.LocalEndpoint;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Tells whether the local endpoint runs; exit 1 when it does not. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Print the local endpoint's URL and pid; exit 1 when it is not running.")
final class LocalStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<LocalEndpoint.Running> running = new LocalEndpoint(LocalEndpoint.defaultHome()).status();
        if (running.isEmpty()) {
            spec.commandLine().getOut().println("not running");
            return ExitCodes.FINDINGS_OR_FAILURE;
        }
        spec.commandLine()
                .getOut()
                .println("running " + running.get().url() + " pid="
                        + running.get().pid());
        return ExitCodes.OK;
    }
}
