package dev.driftwatch.cli;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.pipeline.PipelineAssembly;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The daemon: audits the watched table's stream until SIGTERM or SIGINT, then stops gracefully. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the auditing daemon on the watched table's stream (KCL 3 through the DynamoDB Streams adapter).",
            "SIGTERM or Ctrl-C stops it gracefully: final checkpoint, leases handed over, within 30 s."})
final class RunCommand implements Callable<Integer> {
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        DriftwatchConfig loaded = config.load();
        AwsClients clients = Endpoints.clients(loaded);
        AuditPipeline pipeline = PipelineAssembly.assemble(loaded, clients.dynamoDbAsync());
        StreamDaemon daemon = StreamDaemon.create(clients, loaded, pipeline);
        AtomicBoolean stopRequested = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopRequested.set(true);
            daemon.stop(SHUTDOWN_TIMEOUT);
            clients.close();
        }, "driftwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getErr().println("driftwatch: auditing " + loaded.table().name() + " into "
                + loaded.audit().table() + " (application " + loaded.consumer().application() + "); Ctrl-C to stop");
        daemon.start();
        daemon.awaitTermination();
        if (stopRequested.get()) {
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println("driftwatch: the KCL scheduler stopped on its own; see the log");
        return ExitCodes.FINDINGS_OR_FAILURE;
    }
}
