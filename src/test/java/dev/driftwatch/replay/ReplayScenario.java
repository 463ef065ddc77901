package dev.driftwatch.replay;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.RulesConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A stream with one finding of most rules, checked live by the daemon: the source of ReplayIT and of
 * the committed fixture (see ReplayFixtureGenerator). The table's rules file adds a CEL rule.
 */
final class ReplayScenario {
    static final String RULES = String.join(
            "\n",
            "table: %s",
            "rules:",
            "  - id: reserved-within-quantity",
            "    class: INVARIANT",
            "    when: has(newSelf.reserved)",
            "    assert: newSelf.reserved <= newSelf.quantity",
            "    message: 'reserved {newSelf.reserved} exceeds quantity {newSelf.quantity}'",
            "");

    record Outcome(DriftwatchConfig config, String streamArn, List<Finding> daemonFindings) {}

    private ReplayScenario() {}

    static DriftwatchConfig withRules(DriftwatchConfig config, Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(
                directory.resolve("rules.yaml"),
                String.format(RULES, config.table().name()));
        return config.withRules(new RulesConfig(directory, true));
    }

    static Outcome run(AwsClients clients, DriftwatchConfig config) throws InterruptedException {
        TestEndpoint.createTables(config);
        Items items = new Items(clients, config.table().name());
        items.put("sku-1", "quantity", 10, "version", 1);
        items.put("sku-1", "quantity", 9, "version", 1);
        items.put("sku-1", "quantity", -1, "version", 2);
        items.put("sku-2", "quantity", 5, "version", 1);
        items.put("sku-2", "quantity", 4, "version", 3);
        items.put("sku-3", "quantity", 10, "version", 1, "reserved", 2);
        items.put("sku-3", "quantity", 10, "version", 2, "reserved", 12);
        items.put("sku-4", "quantity", 3, "version", 1);
        items.delete("sku-4");
        AuditPipeline pipeline =
                Assembly.of(config, clients).pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = Assembly.of(config, clients).daemon(pipeline)) {
            daemon.start();
            Await.atLeast(
                    "daemon reads the scenario",
                    () -> pipeline.stats().records(),
                    items.writes(),
                    Duration.ofSeconds(120));
        }
        String streamArn = clients.dynamoDb()
                .describeTable(b -> b.tableName(config.table().name()))
                .table()
                .latestStreamArn();
        List<Finding> findings = new AuditQueries(
                        clients.dynamoDb(), config.audit().table())
                .all(config.table().name());
        return new Outcome(config, streamArn, findings);
    }
}
