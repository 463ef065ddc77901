package dev.driftwatch.cli;

import dev.driftwatch.alert.PendingAlert;
import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the watched table's alerts that some configured sink has not had yet (the pending-alerts index). */
@Command(
        name = "pending",
        mixinStandardHelpOptions = true,
        description = {
            "List alerts not yet delivered to every configured sink, oldest first.",
            "A running daemon retries them every alerts.resumeIntervalSeconds."
        })
final class AlertsPendingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "at most N (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table or json (one object per line); default: ${DEFAULT-VALUE}")
    TableOrJson format;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1, got " + limit);
        }
        DriftwatchConfig loaded = config.load();
        List<PendingAlert> pending;
        Assembly assembly = Assembly.connecting(loaded);
        try (AwsClients clients = assembly.clients()) {
            pending = assembly.outbox()
                    .pending(loaded.table().name(), Instant.now().plusSeconds(60), limit + 1);
        }
        boolean more = pending.size() > limit;
        List<PendingAlert> shown = more ? pending.subList(0, limit) : pending;
        List<String> sinks = loaded.alerts().sinkNames();
        PrintWriter out = spec.commandLine().getOut();
        if (format == TableOrJson.table) {
            out.printf(
                    "%-24s %-32s %-24s %-8s %-20s %s%n", "DETECTED", "FINDING", "RULE", "SEVERITY", "ITEM", "AWAITING");
        }
        for (PendingAlert alert : shown) {
            Finding finding = alert.finding();
            List<String> awaiting = new ArrayList<>(sinks);
            awaiting.removeAll(alert.sentTo());
            if (format == TableOrJson.table) {
                out.printf(
                        "%-24s %-32s %-24s %-8s %-20s %s%n",
                        finding.detectedAt(),
                        finding.id(),
                        finding.ruleId(),
                        finding.severity(),
                        finding.itemKey(),
                        String.join(",", awaiting));
            } else {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("findingId", finding.id());
                row.put("rule", finding.ruleId());
                row.put("severity", finding.severity().name());
                row.put("itemKey", finding.itemKey());
                row.put("detectedAt", finding.detectedAt().toString());
                row.put("sentTo", List.copyOf(alert.sentTo()).stream().sorted().toList());
                row.put("awaiting", awaiting);
                out.println(FindingPrinter.json(row));
            }
        }
        out.flush();
        spec.commandLine()
                .getErr()
                .println(
                        shown.size() + " alert(s) pending for " + loaded.table().name()
                                + (more ? "; more: raise --limit" : "") + " (sinks: " + String.join(", ", sinks) + ")");
        spec.commandLine().getErr().flush();
        return ExitCodes.OK;
    }
}
