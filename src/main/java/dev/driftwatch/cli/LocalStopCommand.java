package dev.driftwatch.cli;

import dev.driftwatch.local.LocalEndpoint;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Stops the local endpoint; its data is gone with it. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stop the local endpoint (all its tables are lost).")
final class LocalStopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean stopped = new LocalEndpoint(LocalEndpoint.defaultHome()).stop();
        spec.commandLine().getOut().println(stopped ? "stopped" : "not running");
        return ExitCodes.OK;
    }
}
