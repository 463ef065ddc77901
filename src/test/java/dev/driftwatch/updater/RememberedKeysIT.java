package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.support.TestEndpoint;
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
        UpdateOutcome taken = take(checkout, 1);
        assertInstanceOf(UpdateOutcome.Applied.class, taken);
        assertEquals(2, taken.attempts(), "the stale put, then one on the item it returned");
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
}
