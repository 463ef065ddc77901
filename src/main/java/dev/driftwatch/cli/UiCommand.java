package dev.driftwatch.cli;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditTable;
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

    @Option(
            names = "--allowed-host",
            paramLabel = "NAME",
            description = "a host name the view answers to besides IP addresses and localhost (repeatable; for a"
                    + " proxy or a DNS name of this machine: any other name is refused with 421, against DNS"
                    + " rebinding)")
    java.util.List<String> allowedHosts = new java.util.ArrayList<>();

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
        java.util.Set<String> allowed = new java.util.LinkedHashSet<>();
        for (String name : allowedHosts) {
            try {
                allowed.add(WebServer.allowedHostName(name));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        DriftwatchConfig loaded = config.load();
        Assembly assembly = Assembly.connecting(loaded);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (AwsClients clients = assembly.clients()) {
            String audit = loaded.audit().table();
            try {
                // A Query, not DescribeTable: the view needs no permission beyond what `driftwatch findings` has.
                clients.dynamoDb()
                        .query(b -> b.tableName(audit)
                                .keyConditionExpression("#pk = :pk")
                                .expressionAttributeNames(java.util.Map.of("#pk", AuditTable.PK))
                                .expressionAttributeValues(java.util.Map.of(
                                        ":pk",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                "driftwatch-ui-start")))
                                .limit(1));
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
                server = WebServer.start(pages, bind, port, pageTimeout, allowed);
            } catch (RuntimeException e) {
                pages.close();
                throw new UsageException("cannot listen on " + bind + ":" + port + ": " + rootMessage(e)
                        + "; choose another with --port or --bind");
            }
            if (!address.isLoopbackAddress()) {
                err.println("warning: listening on " + bind
                        + ", not loopback: anyone who reaches this port can read the audit trail (no login)");
            }
            String host = address instanceof java.net.Inet6Address
                    ? "[" + compressed(address.getHostAddress()) + "]"
                    : address.getHostAddress();
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

    /** An IPv6 address as people write it: the longest run of two or more zero groups as "::" (RFC 5952). */
    static String compressed(String full) {
        String scope = full.contains("%") ? full.substring(full.indexOf('%')) : "";
        String[] groups = (scope.isEmpty() ? full : full.substring(0, full.indexOf('%'))).split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].replaceFirst("^0+(?=.)", "").equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String group : groups) {
            parts.add(group.replaceFirst("^0+(?=.)", ""));
        }
        if (bestStart < 0) {
            return String.join(":", parts) + scope;
        }
        String head = String.join(":", parts.subList(0, bestStart));
        String tail = String.join(":", parts.subList(bestStart + bestLength, parts.size()));
        return head + "::" + tail + scope;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
