package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * At-least-once delivery made exactly-once in the audit table: the daemon is stopped, its lease
 * checkpoint rewound to the start of the shard, and restarted; every record arrives twice.
 */
class RedeliveryIT {
    @Test
    void restartFromRewoundCheckpoint_recordsDeliveredTwice_findingCountUnchanged() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = TestEndpoint.freshTables();
        Items items = new Items(clients, config.table().name());
        for (int i = 0; i < 5; i++) {
            items.put("sku-" + i, "quantity", 10, "version", 1);
            items.put("sku-" + i, "quantity", 9, "version", 1);
            items.put("sku-" + i, "quantity", -1, "version", 2);
        }
        AuditQueries queries =
                new AuditQueries(clients.dynamoDb(), config.audit().table());

        AuditPipeline first =
                Assembly.of(config, clients).pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = Assembly.of(config, clients).daemon(first)) {
            daemon.start();
            Await.atLeast("first delivery", () -> first.stats().records(), items.writes(), Duration.ofSeconds(120));
        }
        List<Finding> before = queries.all(config.table().name());
        assertEquals(10, before.size());
        assertEquals(10, first.stats().findingsWritten());

        String leaseTable = config.consumer().application();
        List<Map<String, AttributeValue>> leases =
                clients.dynamoDb().scan(b -> b.tableName(leaseTable)).items();
        assertEquals(1, leases.size());
        assertTrue(
                leases.get(0).get("checkpoint").s().matches("\\d+"),
                "checkpoint after the first run: " + leases.get(0));
        clients.dynamoDb()
                .updateItem(b -> b.tableName(leaseTable)
                        .key(Map.of("leaseKey", leases.get(0).get("leaseKey")))
                        .updateExpression("SET checkpoint = :start, checkpointSubSequenceNumber = :zero")
                        .expressionAttributeValues(Map.of(
                                ":start", AttributeValue.fromS("TRIM_HORIZON"), ":zero", AttributeValue.fromN("0"))));

        AuditPipeline second =
                Assembly.of(config, clients).pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = Assembly.of(config, clients).daemon(second)) {
            daemon.start();
            Await.atLeast("second delivery", () -> second.stats().records(), items.writes(), Duration.ofSeconds(120));
        }
        List<Finding> after = queries.all(config.table().name());
        assertEquals(0, second.stats().findingsWritten());
        assertEquals(10, second.stats().findingsAlreadyPresent());
        assertEquals(ids(before), ids(after));
    }

    private static Set<String> ids(List<Finding> findings) {
        return findings.stream().map(Finding::id).collect(Collectors.toSet());
    }
}
