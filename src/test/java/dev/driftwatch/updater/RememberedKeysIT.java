package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.support.TestEndpoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An updater's memory of keys: its next {@code update} of a key it wrote puts at once on the item it remembers. The
 * item may be stale; what the caller gets must be what a read first would have given.
 */
class RememberedKeysIT {
    private static final Map<String, AttributeValue> ITEM = Map.of("sku", AttributeValue.fromS("A-1"));
    private AwsClients clients;
    private String table;

    @BeforeEach
    void freshTable() {
        clients = TestEndpoint.clients();
        table = TestEndpoint.freshInventoryTable("remembered");
    }

    private ConditionalUpdater updater(String writer) {
        return ConditionalUpdater.builder()
                .client(clients.dynamoDb())
                .table(table)
                .partitionKey("sku")
                .writer(writer)
                .build();
    }

    private static UpdateOutcome set(ConditionalUpdater updater, long quantity) {
        return updater.update(ITEM, item -> {
            item.put("quantity", AttributeValue.fromN(Long.toString(quantity)));
            return item;
        });
    }

    private static UpdateOutcome take(ConditionalUpdater updater, long units) {
        return updater.update(ITEM, item -> {
            long now = Long.parseLong(item.get("quantity").n());
            if (now < units) {
                return null;
            }
            item.put("quantity", AttributeValue.fromN(Long.toString(now - units)));
            return item;
        });
    }

    private long quantity() {
        return Long.parseLong(clients.dynamoDb()
                .getItem(b -> b.tableName(table).key(ITEM).consistentRead(true))
                .item()
                .get("quantity")
                .n());
    }

    @Test
    void update_keyWrittenBefore_putsWithoutReading() {
        ConditionalUpdater checkout = updater("checkout");
        assertInstanceOf(UpdateOutcome.Applied.class, set(checkout, 10));
        long before = checkout.stats().requests();
        assertInstanceOf(UpdateOutcome.Applied.class, take(checkout, 1));
        assertEquals(1, checkout.stats().requests() - before, "one put, no read");
        assertEquals(9, quantity());
    }

    @Test
    void update_rememberedItemChangedByAnother_appliesToTheCurrentItem() {
        ConditionalUpdater checkout = updater("checkout");
        set(checkout, 10);
        set(updater("restock"), 7);
        long before = checkout.stats().requests();
        UpdateOutcome taken = take(checkout, 1);
        assertInstanceOf(UpdateOutcome.Applied.class, taken);
        assertEquals(2, checkout.stats().requests() - before, "the stale put, then one on the item it returned");
        assertEquals(1, taken.attempts(), "a put on a stale memory is not one of the caller's attempts");
        assertEquals(6, quantity());
    }

    @Test
    void update_changeDeclinesOnTheRememberedItem_decidesOnTheCurrentOne() {
        ConditionalUpdater checkout = updater("checkout");
        set(checkout, 1);
        set(updater("restock"), 5);
        assertInstanceOf(UpdateOutcome.Applied.class, take(checkout, 3), "1 remembered, 5 in the table");
        assertEquals(2, quantity());
    }

    @Test
    void update_rememberedItemDeletedByAnother_missingThenCreatedOnTheNextCall() {
        ConditionalUpdater creator = updater("creator");
        set(creator, 10);
        long version = Long.parseLong(clients.dynamoDb()
                .getItem(b -> b.tableName(table).key(ITEM).consistentRead(true))
                .item()
                .get("version")
                .n());
        assertInstanceOf(UpdateOutcome.Applied.class, updater("cleaner").delete(ITEM, version));
        java.util.function.UnaryOperator<Map<String, AttributeValue>> addThree = item -> {
            long now = item.containsKey("quantity")
                    ? Long.parseLong(item.get("quantity").n())
                    : 0;
            item.put("quantity", AttributeValue.fromN(Long.toString(now + 3)));
            return item;
        };
        // The updater cannot tell a delete before this call from one during it: it never re-creates from the key.
        assertInstanceOf(UpdateOutcome.Missing.class, creator.update(ITEM, addThree));
        assertEquals(
                0,
                clients.dynamoDb()
                        .getItem(b -> b.tableName(table).key(ITEM).consistentRead(true))
                        .item()
                        .size(),
                "not created again");
        UpdateOutcome created = creator.update(ITEM, addThree);
        assertInstanceOf(UpdateOutcome.Applied.class, created, "the next call reads first and creates");
        assertEquals(3, quantity());
        assertEquals(
                "1", ((UpdateOutcome.Applied) created).item().get("version").n());
    }

    @Test
    void update_memoryOff_readsFirstEveryTime() {
        ConditionalUpdater checkout = ConditionalUpdater.builder()
                .client(clients.dynamoDb())
                .table(table)
                .partitionKey("sku")
                .writer("checkout")
                .rememberKeys(0)
                .build();
        set(checkout, 10);
        long before = checkout.stats().requests();
        take(checkout, 1);
        assertEquals(2, checkout.stats().requests() - before, "a read and a put");
    }

    private long version() {
        return Long.parseLong(clients.dynamoDb()
                .getItem(b -> b.tableName(table).key(ITEM).consistentRead(true))
                .item()
                .get("version")
                .n());
    }

    @Test
    void update_rememberedItemDeletedAndCreatedAgainAtItsVersion_appliesToTheNewItem() {
        ConditionalUpdater checkout = updater("checkout");
        set(checkout, 10);
        ConditionalUpdater other = updater("other");
        assertInstanceOf(UpdateOutcome.Applied.class, other.delete(ITEM, version()));
        assertInstanceOf(UpdateOutcome.Applied.class, set(other, 100));
        assertEquals(1, version(), "created again at the version checkout remembers");
        assertInstanceOf(UpdateOutcome.Applied.class, take(checkout, 1));
        assertEquals(99, quantity(), "the new item's 100, less one: the remembered 10 must not come back");
    }

    @Test
    void update_declinesOnTheRememberedItemWhichIsGone_missingNotCreated() {
        ConditionalUpdater checkout = updater("checkout");
        set(checkout, 1);
        assertInstanceOf(UpdateOutcome.Applied.class, updater("cleaner").delete(ITEM, version()));
        UpdateOutcome outcome = checkout.update(ITEM, item -> {
            if (!item.containsKey("quantity")) {
                item.put("quantity", AttributeValue.fromN("5"));
                return item;
            }
            return Long.parseLong(item.get("quantity").n()) < 3 ? null : item;
        });
        assertInstanceOf(UpdateOutcome.Missing.class, outcome);
        assertEquals(
                0,
                clients.dynamoDb()
                        .getItem(b -> b.tableName(table).key(ITEM).consistentRead(true))
                        .item()
                        .size());
    }

    @Test
    void update_changeThrowsOnTheRememberedItem_askedAgainOnTheCurrentOne() {
        ConditionalUpdater checkout = updater("checkout");
        set(checkout, 0);
        set(updater("restock"), 5);
        UpdateOutcome outcome = checkout.update(ITEM, item -> {
            long now = Long.parseLong(item.get("quantity").n());
            if (now < 1) {
                throw new IllegalStateException("out of stock");
            }
            item.put("quantity", AttributeValue.fromN(Long.toString(now - 1)));
            return item;
        });
        assertInstanceOf(UpdateOutcome.Applied.class, outcome);
        assertEquals(4, quantity());
    }

    @Test
    void update_oneAttemptAllowedAndTheRememberedItemStale_stillApplies() {
        ConditionalUpdater checkout = ConditionalUpdater.builder()
                .client(clients.dynamoDb())
                .table(table)
                .partitionKey("sku")
                .writer("checkout")
                .retry(new RetryPolicy(1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)))
                .build();
        set(checkout, 10);
        set(updater("restock"), 7);
        assertInstanceOf(UpdateOutcome.Applied.class, take(checkout, 1), "a stale memory is not the caller's attempt");
        assertEquals(6, quantity());
    }

    @Test
    void update_changeWritesANullValue_appliedNotThrown() {
        ConditionalUpdater checkout = updater("checkout");
        UpdateOutcome outcome = checkout.update(ITEM, item -> {
            item.put("quantity", AttributeValue.fromN("3"));
            item.put("note", null);
            return item;
        });
        assertInstanceOf(UpdateOutcome.Applied.class, outcome, "the put landed: the caller must hear Applied");
        assertEquals(3, quantity());
        assertInstanceOf(UpdateOutcome.Applied.class, take(checkout, 1));
        assertEquals(2, quantity());
    }

    @Test
    void update_keysThatRenderAlike_neverShareARememberedItem() {
        String sorted = TestEndpoint.unique("remembered-sorted");
        clients.dynamoDb()
                .createTable(b -> b.tableName(sorted)
                        .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder()
                                        .attributeName("sku")
                                        .attributeType("S")
                                        .build(),
                                software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder()
                                        .attributeName("loc")
                                        .attributeType("S")
                                        .build())
                        .keySchema(
                                software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
                                        .attributeName("sku")
                                        .keyType("HASH")
                                        .build(),
                                software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
                                        .attributeName("loc")
                                        .keyType("RANGE")
                                        .build()));
        ConditionalUpdater stock = ConditionalUpdater.builder()
                .client(clients.dynamoDb())
                .table(sorted)
                .partitionKey("sku")
                .sortKey("loc")
                .writer("stock")
                .build();
        Map<String, AttributeValue> a = Map.of("sku", AttributeValue.fromS("a|b"), "loc", AttributeValue.fromS("c"));
        Map<String, AttributeValue> b = Map.of("sku", AttributeValue.fromS("a"), "loc", AttributeValue.fromS("b|c"));
        java.util.function.UnaryOperator<Map<String, AttributeValue>> addTen = item -> {
            long now = item.containsKey("quantity")
                    ? Long.parseLong(item.get("quantity").n())
                    : 0;
            item.put("quantity", AttributeValue.fromN(Long.toString(now + 10)));
            return item;
        };
        assertInstanceOf(UpdateOutcome.Applied.class, stock.update(a, addTen));
        assertInstanceOf(UpdateOutcome.Applied.class, stock.update(b, addTen), "b is new: created, not Missing");
        assertInstanceOf(UpdateOutcome.Applied.class, stock.update(a, addTen));
        for (var key : List.of(a, b)) {
            var item = clients.dynamoDb()
                    .getItem(r -> r.tableName(sorted).key(key).consistentRead(true))
                    .item();
            assertEquals(key.get("sku"), item.get("sku"));
            assertEquals(key.get("loc"), item.get("loc"));
            assertEquals(key == a ? "20" : "10", item.get("quantity").n(), key.toString());
        }
    }
}
