package dev.driftwatch.cli;

import dev.driftwatch.alert.AlertDispatcher;
import dev.driftwatch.alert.AlertSink;
import dev.driftwatch.alert.AlertSinks;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.ops.DaemonMetrics;
import dev.driftwatch.ops.OpsServer;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.pipeline.PipelineAssembly;
import dev.driftwatch.ruleset.RuleSet;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
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
        AwsClients clients = Endpoints.clients(loaded);
        DaemonMetrics metrics = new DaemonMetrics(loaded.table().name());
        List<AlertSink> sinks = AlertSinks.build(loaded.alerts().sinks(), System.getenv(), clients::sns);
        AlertDispatcher alerts = PipelineAssembly.dispatcher(loaded, clients.dynamoDbAsync(), sinks, metrics)
                .start(true);
        AuditPipeline pipeline = PipelineAssembly.assemble(
                loaded, rules, clients.dynamoDbAsync(), UnaryOperator.identity(), metrics, alerts);
        StreamDaemon daemon = StreamDaemon.create(clients, loaded, pipeline);
        Optional<OpsServer> http = Optional.empty();
        if (loaded.http().enabled()) {
            try {
                http = Optional.of(OpsServer.start(
                        loaded.http().bind(), loaded.http().port(), metrics::scrape, daemon::isRunning));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot serve /metrics and /health on " + loaded.http().bind() + ":"
                                + loaded.http().port() + ": " + e.getMessage()
                                + " (set http.port, or 0 to turn it off)",
                        e);
            }
        }
        AtomicBoolean stopRequested = new AtomicBoolean();
        Thread hook = new Thread(
                () -> {
                    stopRequested.set(true);
                    daemon.stop(SHUTDOWN_TIMEOUT);
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
