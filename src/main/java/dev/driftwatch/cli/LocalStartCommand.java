package dev.driftwatch.cli;

import dev.driftwatch.local.LocalEndpoint;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Starts the local endpoint unless it runs already; prints its URL. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = "Start the local endpoint (idempotent) and print its URL. Installs moto on first use.")
final class LocalStartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LocalEndpoint endpoint = new LocalEndpoint(LocalEndpoint.defaultHome());
        LocalEndpoint.Running running = endpoint.start(System.err);
        spec.commandLine().getOut().println(running.url());
        return ExitCodes.OK;
    }
}
