package dev.driftwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 16 item 1: findings of the largest items and the longest keys DynamoDB allows are stored, with
 * their images, and the shard moves on. Before the fix a MODIFY of a 300 KB item made a finding of over
 * 600 KB, the put failed validation, and the shard retried it forever; so did a 2,048-byte partition key,
 * whose audit partition key {@code <table>#<key>} is longer than DynamoDB allows.
 */
@Execution(ExecutionMode.CONCURRENT)
class LargeItemIT {
    private static final int BLOB_CHARS = 300 * 1024;

    private static Map<String, AttributeValue> item(String sku, long quantity, String blob) {
        return Map.of(
                "sku", AttributeValue.fromS(sku),
                "quantity", AttributeValue.fromN(Long.toString(quantity)),
                "version", AttributeValue.fromN("1"),
                "notes", AttributeValue.fromS(blob));
    }

    @Test
    void daemon_largestItemAndLongestKey_findingsStoredWithTheirImagesAndTheShardMovesOn() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = TestEndpoint.freshTables();
        String table = config.table().name();
        String blob = "x".repeat(BLOB_CHARS - 1) + "!";
        String longKey = "k".repeat(2048);
        clients.dynamoDb().putItem(b -> b.tableName(table).item(item("large", 5, blob)));
        clients.dynamoDb().putItem(b -> b.tableName(table).item(item("large", -1, blob))); // negative-stock
        clients.dynamoDb().putItem(b -> b.tableName(table).item(item(longKey, -2, "short"))); // negative-stock
        clients.dynamoDb().putItem(b -> b.tableName(table).item(item("after", -3, "short"))); // negative-stock

        Assembly assembly = Assembly.of(config, clients);
        AuditPipeline pipeline = assembly.pipeline().alertsToLogOnOwnThread().build();
        try (StreamDaemon daemon = assembly.daemon(pipeline)) {
            daemon.start();
            Await.atLeast("records audited", () -> pipeline.stats().records(), 4, Duration.ofSeconds(150));
        } finally {
            pipeline.close();
        }

        FindingSearch search = assembly.findingSearch();
        Finding large = only(search, table, "large");
        assertEquals("negative-stock", large.ruleId());
        AuditImages images = assembly.auditImages();
        Finding withImages = images.attach(large);
        assertEquals(blob, withImages.oldImage().get("notes").s());
        assertEquals(blob, withImages.newImage().get("notes").s());
        assertEquals("-1", withImages.newImage().get("quantity").n());
        Finding longKeyed = only(search, table, longKey);
        assertEquals(longKey, longKeyed.itemKey());
        assertEquals("-2", images.attach(longKeyed).newImage().get("quantity").n());
        assertEquals("after", only(search, table, "after").itemKey(), "the shard moved on past both");
        assertTrue(pipeline.stats().records() >= 4);
    }

    private static Finding only(FindingSearch search, String table, String itemKey) {
        List<Finding> found = new java.util.ArrayList<>();
        search.find(new FindingQuery(
                        table,
                        Optional.of(itemKey),
                        List.of("negative-stock"),
                        Optional.empty(),
                        Optional.empty(),
                        Instant.now().minus(Duration.ofHours(1)),
                        Instant.now().plus(Duration.ofMinutes(1))))
                .forEachRemaining(found::add);
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }
}
