package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.demo.FaultProxy;
import dev.driftwatch.support.StreamExport;
import dev.driftwatch.support.TestEndpoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The counterexamples {@link UpdaterModelIT} found, shrunk to one lost answer each: the write lands, its response is
 * dropped, the SDK sends the same request again. Each operation must then say what happened and apply at most once
 * (once, for the exactly-once ones).
 */
class LostResponseIT {
    private static final Map<String, AttributeValue> ITEM = Map.of("sku", AttributeValue.fromS("A-1"));
    private AwsClients clients;
    private String table;
    private FaultProxy proxy;
    private DynamoDbClient lossy;

    @BeforeEach
    void freshTable() throws IOException {
        clients = TestEndpoint.clients();
        table = TestEndpoint.freshInventoryTable("lost");
        proxy = new FaultProxy(TestEndpoint.url(), new FaultProxy.Faults(0, 0, 0, 0, 0));
        lossy = DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(proxy.url())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterEach
    void close() throws IOException {
        lossy.close();
        proxy.close();
    }

    private ConditionalUpdater updater(DynamoDbClient client, String writer) {
        return ConditionalUpdater.builder()
                .client(client)
                .table(table)
                .partitionKey("sku")
                .writer(writer)
                .retry(new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(10)))
                .build();
    }

    private void seed(long quantity) {
        UpdateOutcome seeded = updater(clients.dynamoDb(), "seed").update(ITEM, item -> {
            item.put("quantity", AttributeValue.fromN(Long.toString(quantity)));
            return item;
        });
        assertInstanceOf(UpdateOutcome.Applied.class, seeded);
    }

    private long quantity(Map<String, AttributeValue> key) {
        return Long.parseLong(clients.dynamoDb()
                .getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item()
                .get("quantity")
                .n());
    }

    private List<String> events() {
        String arn = clients.dynamoDb()
                .describeTable(b -> b.tableName(table))
                .table()
                .latestStreamArn();
        return StreamExport.read(clients.streams(), arn).stream()
                .map(r -> r.eventNameAsString() + " "
                        + r.dynamodb().keys().get("sku").s())
                .toList();
    }

    @Test
    void update_putLandsAndItsAnswerIsLost_appliesOnce() {
        seed(10);
        proxy.dropNextResponses("PutItem", 1);
        UpdateOutcome outcome = updater(lossy, "checkout").update(ITEM, item -> {
            item.put(
                    "quantity",
                    AttributeValue.fromN(
                            Long.toString(Long.parseLong(item.get("quantity").n()) - 1)));
            return item;
        });
        assertEquals(1, proxy.dropped.sum());
        assertInstanceOf(UpdateOutcome.Applied.class, outcome);
        assertEquals(9, quantity(ITEM), "one decrement, not two");
        assertEquals(List.of("INSERT A-1", "MODIFY A-1"), events());
    }

    @Test
    void update_lostAnswerOnCreate_createsOnce() {
        proxy.dropNextResponses("PutItem", 1);
        UpdateOutcome outcome = updater(lossy, "creator").update(ITEM, item -> {
            long now = item.containsKey("quantity")
                    ? Long.parseLong(item.get("quantity").n())
                    : 0;
            item.put("quantity", AttributeValue.fromN(Long.toString(now + 5)));
            return item;
        });
        assertInstanceOf(UpdateOutcome.Applied.class, outcome);
        assertEquals(5, quantity(ITEM));
        assertEquals(List.of("INSERT A-1"), events());
    }

    @Test
    void adjust_landsThenItsResendFindsTheFloor_appliedNotInsufficient() {
        seed(1);
        proxy.dropNextResponses("UpdateItem", 1);
        UpdateOutcome outcome =
                updater(lossy, "checkout").adjust(ITEM, "quantity", BigDecimal.valueOf(-1), BigDecimal.ZERO);
        assertInstanceOf(UpdateOutcome.Applied.class, outcome, "the unit was taken: Insufficient would be a lie");
        assertEquals(0, quantity(ITEM));
    }

    @Test
    void delete_landsAndItsAnswerIsLost_indeterminateNotMissing() {
        seed(0);
        proxy.dropNextResponses("DeleteItem", 1);
        UpdateOutcome outcome = updater(lossy, "cleaner").delete(ITEM, 1);
        assertInstanceOf(UpdateOutcome.Indeterminate.class, outcome, "Missing would say someone else deleted it");
        assertEquals(List.of("INSERT A-1", "REMOVE A-1"), events());
    }

    @Test
    void shardedAdjust_landsAndItsAnswerIsLost_appliesOnce() {
        ShardedCounter seeded = updater(clients.dynamoDb(), "seed").sharded("quantity", false);
        assertInstanceOf(TransactionOutcome.Committed.class, seeded.create("S", BigDecimal.valueOf(8), 1));
        proxy.dropNextResponses("UpdateItem", 1);
        proxy.dropNextResponses("TransactWriteItems", 1);
        UpdateOutcome outcome = updater(lossy, "checkout")
                .sharded("quantity", false)
                .adjust("S", BigDecimal.valueOf(-3), BigDecimal.ZERO);
        assertEquals(1, proxy.dropped.sum());
        assertInstanceOf(UpdateOutcome.Applied.class, outcome);
        assertEquals(BigDecimal.valueOf(5), seeded.read("S").orElseThrow());
    }

    @Test
    void reshard_fewerShards_retiresTheRestEmptyAndRemovesNoStock() {
        ShardedCounter counter = updater(clients.dynamoDb(), "ops").sharded("quantity", false);
        ShardedCounter stale = updater(clients.dynamoDb(), "checkout").sharded("quantity", false);
        assertInstanceOf(TransactionOutcome.Committed.class, counter.create("S", BigDecimal.valueOf(100), 2));
        assertEquals(2, stale.shards("S").orElseThrow()); // cached: it will not see the reshard
        assertInstanceOf(TransactionOutcome.Committed.class, counter.reshard("S", 1));

        assertEquals(
                BigDecimal.ZERO,
                new BigDecimal(clients.dynamoDb()
                        .getItem(b -> b.tableName(table).key(Map.of("sku", AttributeValue.fromS("S#1"))))
                        .item()
                        .get("quantity")
                        .n()));
        for (int i = 0; i < 6; i++) {
            assertInstanceOf(UpdateOutcome.Applied.class, stale.adjust("S", BigDecimal.valueOf(5), BigDecimal.ZERO));
        }
        assertEquals(BigDecimal.valueOf(130), counter.read("S").orElseThrow(), "no unit went to the retired shard");
        assertEquals(0, events().stream().filter(e -> e.startsWith("REMOVE")).count(), events().toString());
    }

    // A throttled attempt was refused before DynamoDB did anything: the retry that follows is no resend of a write
    // that may have landed, and its conflict is the plain outcome, not Indeterminate.

    @Test
    void adjust_throttledThenFloorReached_insufficientNotIndeterminate() {
        seed(0);
        proxy.throttleNext("UpdateItem", 1);
        UpdateOutcome outcome =
                updater(lossy, "checkout").adjust(ITEM, "quantity", BigDecimal.valueOf(-1), BigDecimal.ZERO);
        assertEquals(1, proxy.throttled.sum());
        assertInstanceOf(UpdateOutcome.Insufficient.class, outcome);
    }

    @Test
    void delete_throttledThenVersionMoved_conflictNotIndeterminate() {
        seed(0);
        assertInstanceOf(
                UpdateOutcome.Applied.class,
                updater(clients.dynamoDb(), "restock").adjust(ITEM, "quantity", BigDecimal.ONE, BigDecimal.ZERO));
        proxy.throttleNext("DeleteItem", 1);
        UpdateOutcome outcome = updater(lossy, "cleaner").delete(ITEM, 1);
        assertEquals(1, proxy.throttled.sum());
        assertInstanceOf(UpdateOutcome.Conflict.class, outcome);
        assertEquals(1, quantity(ITEM), "still there");
    }

    @Test
    void update_throttledThenRememberedItemDeleted_missingNotIndeterminate() {
        ConditionalUpdater checkout = updater(lossy, "checkout");
        assertInstanceOf(UpdateOutcome.Applied.class, checkout.update(ITEM, item -> {
            item.put("quantity", AttributeValue.fromN("4"));
            return item;
        }));
        assertInstanceOf(
                UpdateOutcome.Applied.class,
                updater(clients.dynamoDb(), "cleaner").delete(ITEM, 1));
        proxy.throttleNext("PutItem", 1);
        UpdateOutcome outcome = checkout.update(ITEM, item -> {
            item.put("quantity", AttributeValue.fromN("3"));
            return item;
        });
        assertEquals(1, proxy.throttled.sum());
        assertInstanceOf(UpdateOutcome.Missing.class, outcome);
    }

    private UpdateOutcome decrementWhileAnotherWrites(Runnable another) {
        proxy.dropNextResponse("PutItem", another);
        UpdateOutcome outcome = updater(lossy, "checkout").update(ITEM, item -> {
            item.put(
                    "quantity",
                    AttributeValue.fromN(
                            Long.toString(Long.parseLong(item.get("quantity").n()) - 1)));
            return item;
        });
        assertEquals(1, proxy.dropped.sum());
        return outcome;
    }

    @Test
    void update_landsAndAnotherUpdatesBeforeTheResend_appliedOnce() {
        seed(10);
        ConditionalUpdater restock = updater(clients.dynamoDb(), "restock");
        UpdateOutcome outcome = decrementWhileAnotherWrites(() ->
                assertInstanceOf(UpdateOutcome.Applied.class, restock.update(ITEM, item -> {
                    item.put(
                            "quantity",
                            AttributeValue.fromN(Long.toString(
                                    Long.parseLong(item.get("quantity").n()) + 5)));
                    return item;
                })));
        assertInstanceOf(UpdateOutcome.Applied.class, outcome, "its put landed, before restock's: the history says so");
        assertEquals(14, quantity(ITEM), "10 - 1 + 5: our decrement once");
        assertEquals(List.of("INSERT A-1", "MODIFY A-1", "MODIFY A-1"), events());
    }

    @Test
    void update_landsAndAnotherAdjustsBeforeTheResend_indeterminateNotAppliedTwice() {
        seed(10);
        ConditionalUpdater restock = updater(clients.dynamoDb(), "restock");
        UpdateOutcome outcome = decrementWhileAnotherWrites(() -> assertInstanceOf(
                UpdateOutcome.Applied.class, restock.adjust(ITEM, "quantity", BigDecimal.valueOf(5), BigDecimal.ZERO)));
        // An adjust keeps no history (an update expression cannot compose the entry): the updater cannot tell.
        assertInstanceOf(UpdateOutcome.Indeterminate.class, outcome);
        assertEquals(14, quantity(ITEM), "our decrement once, not again");
    }
}
