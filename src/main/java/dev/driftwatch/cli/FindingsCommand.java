package dev.driftwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reads findings of the watched table back from the audit table, newest first. */
@Command(name = "findings", mixinStandardHelpOptions = true,
        description = "List findings of the watched table from the audit table, newest first.")
final class FindingsCommand implements Callable<Integer> {
    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--item", paramLabel = "KEY", description = "only this item (its key as stored: partition value, '|' sort value)")
    String item;

    @Option(names = "--rule", paramLabel = "ID", description = "only this rule, e.g. conservation")
    String rule;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "only findings detected within this long, e.g. 15m, 2h, 7d (default with --rule: 24h)")
    Duration since;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (one object per line); default: ${DEFAULT-VALUE}")
    Format format;

    @Override
    public Integer call() throws Exception {
        DriftwatchConfig loaded = config.load();
        List<Finding> findings;
        try (AwsClients clients = Endpoints.clients(loaded)) {
            AuditQueries queries = new AuditQueries(clients.dynamoDb(), loaded.audit().table());
            Instant now = Instant.now();
            if (item != null) {
                findings = queries.byItem(loaded.table().name(), item);
            } else if (rule != null) {
                Duration window = since == null ? Duration.ofHours(24) : since;
                findings = queries.byRule(rule, now.minus(window), now);
            } else {
                findings = queries.all(loaded.table().name());
            }
            findings = findings.stream()
                    .filter(f -> rule == null || f.ruleId().equals(rule))
                    .filter(f -> f.table().equals(loaded.table().name()))
                    .filter(f -> since == null || !f.detectedAt().isBefore(now.minus(since)))
                    .collect(Collectors.toList());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            ObjectMapper json = new ObjectMapper();
            for (Finding finding : findings) {
                out.println(json.writeValueAsString(asJson(finding)));
            }
        } else {
            out.printf("%-24s %-24s %-8s %-12s %-10s %s%n", "DETECTED", "RULE", "SEVERITY", "KEY", "LOST", "MESSAGE");
            for (Finding finding : findings) {
                out.printf("%-24s %-24s %-8s %-12s %-10s %s%n",
                        finding.detectedAt(), finding.ruleId(), finding.severity(), finding.itemKey(),
                        finding.lostUnits().map(u -> u.toPlainString()).orElse("-"), finding.message());
            }
            out.println(findings.size() + " finding(s)");
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> asJson(Finding finding) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", finding.id());
        map.put("rule", finding.ruleId());
        map.put("class", finding.findingClass().name());
        map.put("severity", finding.severity().name());
        map.put("table", finding.table());
        map.put("key", finding.itemKey());
        map.put("eventName", finding.eventName());
        map.put("sequenceNumber", finding.sequenceNumber());
        map.put("shardId", finding.shardId());
        map.put("approximateCreationTime", finding.approximateCreationTime().toString());
        map.put("detectedAt", finding.detectedAt().toString());
        map.put("lostUnits", finding.lostUnits().orElse(null));
        map.put("writer", finding.writer().orElse(null));
        map.put("writeId", finding.writeId().orElse(null));
        map.put("message", finding.message());
        return map;
    }
}
