package dev.driftwatch.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.demo.InventoryTable;
import dev.driftwatch.support.TestEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The launcher's item-by-item rollback of cancelled transactions: table state, and a reader that was already open. */
class MotoLauncherIT {
    @Test
    void cancelledTransaction_midStream_openReaderSeesAllLaterRecordsAndNoPhantom() {
        AwsClients clients = TestEndpoint.clients();
        TableConfig table = TableConfig.named(TestEndpoint.unique("tx"));
        InventoryTable.create(clients.dynamoDb(), table);
        String arn = clients.dynamoDb()
                .describeTable(b -> b.tableName(table.name()))
                .table()
                .latestStreamArn();
        String shard = clients.streams()
                .describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards()
                .get(0)
                .shardId();
        String iterator = clients.streams()
                .getShardIterator(
                        b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();

        put(clients, table, "a");
        assertThrows(
                TransactionCanceledException.class,
                () -> clients.dynamoDb()
                        .transactWriteItems(b -> b.transactItems(
                                t -> t.put(p ->
                                        p.tableName(table.name()).item(Map.of("sku", AttributeValue.fromS("phantom")))),
                                t -> t.conditionCheck(c -> c.tableName(table.name())
                                        .key(Map.of("sku", AttributeValue.fromS("a")))
                                        .conditionExpression("attribute_not_exists(sku)")))));
        put(clients, table, "c");
        put(clients, table, "d");

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String current = iterator;
            GetRecordsResponse response = clients.streams().getRecords(b -> b.shardIterator(current));
            response.records()
                    .forEach(r -> seen.add(r.dynamodb().keys().get("sku").s()));
            iterator = response.nextShardIterator();
        }
        assertEquals(List.of("a", "c", "d"), seen);
    }

    @Test
    void cancelledTransaction_overwriteAndInsertBeforeTheFailure_bothRolledBackOthersUntouched() {
        AwsClients clients = TestEndpoint.clients();
        TableConfig table = TableConfig.named(TestEndpoint.unique("tx"));
        InventoryTable.create(clients.dynamoDb(), table);
        put(clients, table, "kept", "1");
        put(clients, table, "overwritten", "1");
        put(clients, table, "guard", "1");

        assertThrows(
                TransactionCanceledException.class,
                () -> clients.dynamoDb()
                        .transactWriteItems(b -> b.transactItems(
                                t -> t.put(p -> p.tableName(table.name()).item(item("overwritten", "2"))),
                                t -> t.put(p -> p.tableName(table.name()).item(item("inserted", "2"))),
                                t -> t.update(u -> u.tableName(table.name())
                                        .key(Map.of("sku", AttributeValue.fromS("guard")))
                                        .updateExpression("SET quantity = :q")
                                        .expressionAttributeValues(Map.of(":q", AttributeValue.fromN("2")))
                                        .conditionExpression("attribute_not_exists(sku)")))));

        Map<String, String> quantities = new java.util.TreeMap<>();
        clients.dynamoDb()
                .scan(b -> b.tableName(table.name()))
                .items()
                .forEach(i -> quantities.put(i.get("sku").s(), i.get("quantity").n()));
        assertEquals(Map.of("guard", "1", "kept", "1", "overwritten", "1"), quantities);

        clients.dynamoDb()
                .transactWriteItems(b -> b.transactItems(
                        t -> t.put(p -> p.tableName(table.name()).item(item("overwritten", "3"))),
                        t -> t.put(p -> p.tableName(table.name()).item(item("inserted", "3")))));
        quantities.clear();
        clients.dynamoDb()
                .scan(b -> b.tableName(table.name()))
                .items()
                .forEach(i -> quantities.put(i.get("sku").s(), i.get("quantity").n()));
        assertEquals(Map.of("guard", "1", "inserted", "3", "kept", "1", "overwritten", "3"), quantities);
    }

    /** One TransactWriteItems that adds {@code amount} to the quantity of {@code sku}, under {@code token}. */
    private static software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest add(
            String table, String sku, int amount, String token) {
        return software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest.builder()
                .clientRequestToken(token)
                .transactItems(software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder()
                        .update(software.amazon.awssdk.services.dynamodb.model.Update.builder()
                                .tableName(table)
                                .key(Map.of("sku", AttributeValue.fromS(sku)))
                                .updateExpression("ADD quantity :n")
                                .conditionExpression("attribute_exists(sku)")
                                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(amount))))
                                .build())
                        .build())
                .build();
    }

    private static String quantity(AwsClients clients, String table, String sku) {
        return clients.dynamoDb()
                .getItem(b -> b.tableName(table)
                        .key(Map.of("sku", AttributeValue.fromS(sku)))
                        .consistentRead(true))
                .item()
                .get("quantity")
                .n();
    }

    /**
     * The launcher's ClientRequestToken emulation, held to DynamoDB's documented behaviour: a repeat of a
     * successful call with the same token and the same request succeeds and changes nothing; the same token
     * with another request is IdempotentParameterMismatchException. The updater's idempotency tests rely on it.
     */
    @Test
    void transactWriteItems_sameTokenRepeated_appliedOnceAndOtherParametersRefused() {
        AwsClients clients = TestEndpoint.clients();
        TableConfig table = TableConfig.named(TestEndpoint.unique("token"));
        InventoryTable.create(clients.dynamoDb(), table);
        put(clients, table, "a", "10");
        String token = java.util.UUID.randomUUID().toString();

        clients.dynamoDb().transactWriteItems(add(table.name(), "a", 1, token));
        clients.dynamoDb().transactWriteItems(add(table.name(), "a", 1, token));

        assertEquals("11", quantity(clients, table.name(), "a"), "the repeat changed nothing");
        assertThrows(
                software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException.class,
                () -> clients.dynamoDb().transactWriteItems(add(table.name(), "a", 2, token)));
        assertEquals("11", quantity(clients, table.name(), "a"));
    }

    /** A token whose call was cancelled applied nothing and is free: the same request again applies. */
    @Test
    void transactWriteItems_tokenOfACancelledCall_freeForTheRetry() {
        AwsClients clients = TestEndpoint.clients();
        TableConfig table = TableConfig.named(TestEndpoint.unique("token"));
        InventoryTable.create(clients.dynamoDb(), table);
        String token = java.util.UUID.randomUUID().toString();

        assertThrows(
                TransactionCanceledException.class,
                () -> clients.dynamoDb().transactWriteItems(add(table.name(), "b", 1, token)));
        put(clients, table, "b", "5");
        clients.dynamoDb().transactWriteItems(add(table.name(), "b", 1, token));

        assertEquals("6", quantity(clients, table.name(), "b"));
    }

    private static Map<String, AttributeValue> item(String sku, String quantity) {
        return Map.of("sku", AttributeValue.fromS(sku), "quantity", AttributeValue.fromN(quantity));
    }

    private static void put(AwsClients clients, TableConfig table, String sku, String quantity) {
        clients.dynamoDb().putItem(b -> b.tableName(table.name()).item(item(sku, quantity)));
    }

    private static void put(AwsClients clients, TableConfig table, String sku) {
        clients.dynamoDb().putItem(b -> b.tableName(table.name()).item(Map.of("sku", AttributeValue.fromS(sku))));
    }
}
