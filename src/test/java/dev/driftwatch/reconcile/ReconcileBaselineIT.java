package dev.driftwatch.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.streamgap.DynamoDbItemStateStore;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Issue 19 item 4: reconcile on the table a team already has. Its 2,000 items were written before the stream
 * was enabled: the first reconcile adopts the ones the daemon never saw, and stores no finding for them; a
 * write made later while the stream was disabled is the one DRIFT finding of the next reconcile.
 */
@Execution(ExecutionMode.CONCURRENT)
class ReconcileBaselineIT {
    private static final int ITEMS = 2_000;

    @Test
    void reconcile_preExistingTable_adoptsItemsNeverSeenAndFindsOnlyTheWriteMadeWhileTheStreamWasOff()
            throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig fresh = TestEndpoint.freshTables();
        DriftwatchConfig config = fresh.withAudit(fresh.audit().withStreamGapState(AuditConfig.GapState.DURABLE));
        String table = config.table().name();
        streamEnabled(clients, table, false);
        writeBefore(clients, table);
        streamEnabled(clients, table, true);
        Items items = new Items(clients, table);

        Assembly assembly = Assembly.of(config, clients);
        AuditPipeline pipeline = assembly.pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = assembly.daemon(pipeline)) {
            daemon.start();
            items.put("item-0007", "quantity", 3, "version", 2);
            Await.atLeast(
                    "the daemon reads the one change", () -> pipeline.stats().records(), 1, Duration.ofSeconds(120));
        }
        DynamoDbItemStateStore states = new DynamoDbItemStateStore(
                clients.dynamoDbAsync(), config.audit().table());
        assertEquals(1, states.load(table, List.of("item-0007", "item-0008")).size());

        Reconciler reconciler = assembly.reconciler();
        Reconciler.Report first = reconciler.run(4, Duration.ZERO, line -> {});

        assertEquals(ITEMS, first.scanned());
        assertEquals(List.of(), first.findings());
        assertEquals(ITEMS - 1, first.adopted());

        streamEnabled(clients, table, false);
        items.put("item-0042", "quantity", 1, "version", 9);
        items.put("item-new", "quantity", 5, "version", 1);
        streamEnabled(clients, table, true);

        Reconciler.Report second = reconciler.run(4, Duration.ZERO, line -> {});

        assertEquals(0, second.adopted());
        assertEquals(
                List.of("item-0042", "item-new"),
                second.findings().stream().map(Finding::itemKey).sorted().toList());
        Map<String, String> messages = second.findings().stream()
                .collect(java.util.stream.Collectors.toMap(Finding::itemKey, Finding::message));
        assertTrue(
                messages.get("item-0042")
                        .startsWith("item differs from the last image the audit trail saw (the baseline"),
                messages.get("item-0042"));
        assertTrue(
                messages.get("item-new")
                        .startsWith("item is in the table but neither the audit trail nor the baseline"),
                messages.get("item-new"));
        assertEquals(
                2,
                new AuditQueries(clients.dynamoDb(), config.audit().table())
                        .all(table).stream()
                                .filter(f -> f.ruleId().equals(Reconciler.RULE_ID))
                                .count());

        // Understood: the baseline is taken anew, every item as it is; nothing is reported then or after.
        Reconciler.Report anew = reconciler.run(4, Duration.ZERO, true, line -> {});
        Reconciler.Report after = reconciler.run(4, Duration.ZERO, line -> {});

        assertEquals(List.of(), anew.findings());
        assertEquals(1, anew.adopted());
        assertEquals(1, anew.rebased());
        assertEquals(List.of(), after.findings());
    }

    private static void streamEnabled(AwsClients clients, String table, boolean enabled) {
        clients.dynamoDb()
                .updateTable(b -> b.tableName(table).streamSpecification(s -> {
                    if (enabled) {
                        s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
                    } else {
                        s.streamEnabled(false);
                    }
                }));
    }

    /** {@value #ITEMS} items, 25 to a BatchWriteItem, while the table has no stream. */
    private static void writeBefore(AwsClients clients, String table) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            batch.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder()
                            .item(Map.of(
                                    "sku", AttributeValue.fromS(String.format("item-%04d", i)),
                                    "quantity", AttributeValue.fromN("10"),
                                    "version", AttributeValue.fromN("1")))
                            .build())
                    .build());
            if (batch.size() == 25) {
                List<WriteRequest> requests = List.copyOf(batch);
                clients.dynamoDb().batchWriteItem(b -> b.requestItems(Map.of(table, requests)));
                batch.clear();
            }
        }
    }
}
