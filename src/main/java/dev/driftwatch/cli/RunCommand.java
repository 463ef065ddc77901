package dev.driftwatch.cli;

import dev.driftwatch.alert.AlertDispatcher;
import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.ops.CloudWatchPublisher;
import dev.driftwatch.ops.DaemonMetrics;
import dev.driftwatch.ops.OpsServer;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.ruleset.RuleSet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The daemon: audits the watched table's stream until SIGTERM or SIGINT, then stops gracefully. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the auditing daemon on the watched table's stream (KCL 3 through the DynamoDB Streams adapter).",
            "SIGTERM or Ctrl-C stops it gracefully: final checkpoint, leases handed over, within 30 s."
        })
final class RunCommand implements Callable<Integer> {
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    static final Duration ALERT_FLUSH_TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        DriftwatchConfig loaded = config.load();
        RuleSet rules = RuleSet.forConfig(loaded);
        Assembly assembly = Assembly.metered(loaded, rules);
        AwsClients clients = assembly.clients();
        DaemonMetrics metrics = assembly.metrics();
        AlertDispatcher alerts =
                assembly.dispatcher(assembly.configuredSinks(), metrics).start(true);
        AuditPipeline pipeline =
                assembly.pipeline().observer(metrics).alertsTo(alerts).build();
        StreamDaemon daemon = assembly.daemon(pipeline);
        Optional<OpsServer> http = assembly.startOpsServer(daemon::isRunning);
        Optional<CloudWatchPublisher> cloudWatch = assembly.startCloudWatchPublisher();
        AtomicBoolean stopRequested = new AtomicBoolean();
        Thread hook = new Thread(
                () -> {
                    stopRequested.set(true);
                    daemon.stop(SHUTDOWN_TIMEOUT);
                    cloudWatch.ifPresent(CloudWatchPublisher::close);
                    if (!alerts.close(ALERT_FLUSH_TIMEOUT)) {
                        spec.commandLine()
                                .getErr()
                                .println("driftwatch: " + alerts.inFlight()
                                        + " alerts not delivered yet stay pending; the next run sends them");
                    }
                    clients.close();
                },
                "driftwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine()
                .getErr()
                .println("driftwatch: auditing " + loaded.table().name() + " into "
                        + loaded.audit().table() + " (application "
                        + loaded.consumer().application() + "); alerts at "
                        + loaded.alerts().minSeverity() + " and above to "
                        + String.join(", ", loaded.alerts().sinkNames())
                        + "; Ctrl-C to stop");
        spec.commandLine().getErr().println("driftwatch: rules " + String.join(", ", rules.ruleIds()));
        http.ifPresent(server -> spec.commandLine()
                .getErr()
                .println("driftwatch: /metrics and /health on http://"
                        + loaded.http().bind() + ":" + server.port()));
        daemon.start();
        daemon.awaitTermination();
        http.ifPresent(OpsServer::close);
        if (stopRequested.get()) {
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println("driftwatch: the KCL scheduler stopped on its own; see the log");
        return ExitCodes.FINDINGS_OR_FAILURE;
    }
}
