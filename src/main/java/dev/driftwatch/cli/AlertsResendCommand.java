package dev.driftwatch.cli;

import dev.driftwatch.alert.AlertDispatcher;
import dev.driftwatch.alert.AlertSink;
import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.DynamoDbAlertOutbox;
import dev.driftwatch.audit.FindingQuery;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Puts findings detected in a window back into the outbox and delivers them to every configured sink
 * now, digests included. What cannot be delivered stays pending for the daemon.
 */
@Command(
        name = "resend",
        mixinStandardHelpOptions = true,
        description = {
            "Send the alerts of findings detected since a time again, to every configured sink.",
            "Findings at or above alerts.minSeverity; each goes back into the outbox first, so a run that is",
            "interrupted leaves the rest pending for the daemon."
        })
final class AlertsResendCommand implements Callable<Integer> {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--since",
            required = true,
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description = "detected at or after: a duration ago (30m, 6h, 2d) or an instant")
    Instant since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description = "detected at or before, same forms; default now")
    Instant until;

    @Option(names = "--rule", paramLabel = "ID", split = ",", description = "only these rules")
    List<String> rules;

    @Option(names = "--dry-run", description = "list what would be resent and change nothing")
    boolean dryRun;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "stop delivering after this long; the rest stays pending (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        DriftwatchConfig loaded = config.load();
        Instant end = until == null ? Instant.now() : until;
        Assembly assembly = Assembly.connecting(loaded);
        FindingQuery query = UsageException.check(() -> new FindingQuery(
                loaded.table().name(),
                Optional.empty(),
                rules == null || rules.isEmpty() ? assembly.knownRuleIds() : rules,
                Optional.empty(),
                Optional.of(assembly.alertThreshold()),
                since,
                end));
        Consumer<String> progress = ProgressLines.to(spec.commandLine().getErr());
        try (AwsClients clients = assembly.clients()) {
            List<AlertSink> sinks = dryRun ? List.of() : assembly.configuredSinks();
            List<Finding> findings = new ArrayList<>();
            assembly.findingSearch().find(query).forEachRemaining(findings::add);
            progress.accept("resend: " + findings.size() + " finding(s) at "
                    + loaded.alerts().minSeverity() + " and above detected " + since + " to " + end);
            if (dryRun) {
                FindingPrinter printer = new FindingPrinter(spec.commandLine().getOut(), FindingPrinter.Format.table);
                printer.header();
                findings.forEach(printer::print);
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
            if (findings.isEmpty()) {
                return ExitCodes.OK;
            }
            return resend(assembly, sinks, findings, progress);
        }
    }

    private int resend(Assembly assembly, List<AlertSink> sinks, List<Finding> findings, Consumer<String> progress)
            throws InterruptedException {
        DriftwatchConfig loaded = assembly.config();
        DynamoDbAlertOutbox outbox = assembly.outbox();
        Instant now = Instant.now();
        for (Finding finding : findings) {
            outbox.markPending(finding, now);
        }
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AlertDispatcher dispatcher = assembly.dispatcher(
                        sinks, (sink, ok) -> (ok ? delivered : failed).incrementAndGet())
                .start(false);
        findings.forEach(dispatcher::offer);
        Instant deadline = Instant.now().plus(timeout);
        // Open digests are only sent on close: wait for the singles, then close to flush the digests.
        int lastInFlight = -1;
        while (dispatcher.inFlight() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(PROGRESS_EVERY.toMillis());
            int inFlight = dispatcher.inFlight();
            if (inFlight == lastInFlight) {
                break; // the rest waits in digests
            }
            lastInFlight = inFlight;
            progress.accept("resend: " + (findings.size() - inFlight) + " of " + findings.size() + " finding(s) done");
        }
        boolean all = dispatcher.close(
                Duration.between(Instant.now(), deadline).isNegative()
                        ? Duration.ofSeconds(1)
                        : Duration.between(Instant.now(), deadline));
        int stillPending = outbox.pending(loaded.table().name(), Instant.now().plusSeconds(60), Integer.MAX_VALUE)
                .size();
        spec.commandLine()
                .getOut()
                .println("resent " + findings.size() + " finding(s) to "
                        + String.join(", ", loaded.alerts().sinkNames()) + ": " + delivered.get()
                        + " send(s) delivered, " + failed.get()
                        + " failed; " + stillPending + " alert(s) pending"
                        + (stillPending > 0 ? " (the daemon retries them)" : ""));
        spec.commandLine().getOut().flush();
        return all && failed.get() == 0 ? ExitCodes.OK : ExitCodes.FINDINGS_OR_FAILURE;
    }
}
