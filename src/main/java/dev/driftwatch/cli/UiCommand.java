package dev.driftwatch.cli;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.web.WebServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The web view: a read-only page over the audit table, until Ctrl-C. */
@Command(
        name = "ui",
        mixinStandardHelpOptions = true,
        description = {
            "Serve a read-only web view of the audit table: overview, findings (the filters of `driftwatch findings`,",
            "paged, exported as CSV or JSON), each finding's old -> new image diff and each item's history.",
            "Binds to the loopback interface unless --bind says otherwise; Ctrl-C stops it."
        })
final class UiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "address to listen on (default: ${DEFAULT-VALUE}; anyone who reaches another one can"
                    + " read the audit trail)")
    String bind;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--page-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "a page that takes longer is answered 503 (default: ${DEFAULT-VALUE}; the local endpoint"
                    + " reads every item of a table per query, so large local audit tables need more)")
    java.time.Duration pageTimeout;

    @Override
    public Integer call() throws InterruptedException {
        if (pageTimeout.isZero()) {
            throw new UsageException("--page-timeout must be more than 0");
        }
        if (port < 0 || port > 65_535) {
            throw new UsageException("--port must be 0 to 65535, got " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: not an address of this machine: '" + bind + "'");
        }
        DriftwatchConfig loaded = config.load();
        Assembly assembly = Assembly.connecting(loaded);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (AwsClients clients = assembly.clients()) {
            String audit = loaded.audit().table();
            try {
                clients.dynamoDb().describeTable(b -> b.tableName(audit));
            } catch (ResourceNotFoundException e) {
                throw new UsageException("audit table '" + audit
                        + "' does not exist: create it with `driftwatch tables create` or start the daemon");
            }
            Optional<String> configPath = config.file.toString().equals(ConfigOption.DEFAULT)
                    ? Optional.empty()
                    : Optional.of(config.file.toString());
            var pages = assembly.auditPages(configPath);
            WebServer server;
            try {
                server = WebServer.start(pages, bind, port, pageTimeout);
            } catch (RuntimeException e) {
                pages.close();
                throw new UsageException("cannot listen on " + bind + ":" + port + ": " + rootMessage(e)
                        + "; choose another with --port or --bind");
            }
            if (!address.isLoopbackAddress()) {
                err.println("warning: listening on " + bind
                        + ", not loopback: anyone who reaches this port can read the audit trail (no login)");
            }
            String shown = address.getHostAddress();
            String host = address instanceof java.net.Inet6Address ? "[" + shown + "]" : shown;
            out.println("driftwatch ui: http://" + host + ":" + server.port() + "/  (read-only; Ctrl-C to stop)");
            out.flush();
            err.flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        server.close();
                        stopped.countDown();
                    },
                    "driftwatch-ui-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            stopped.await();
        }
        return ExitCodes.OK;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
