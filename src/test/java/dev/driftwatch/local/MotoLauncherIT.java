package dev.driftwatch.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The launcher's corrections: transactions rolled back item by item, client request tokens, the stream life cycle. */
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

    /**
     * DynamoDB's stream life cycle: disabling a stream closes its shard (ending sequence number, reads end with no
     * next iterator, status DISABLED, still readable) and writes leave no record; enabling again makes a new stream
     * with its own ARN and shard. Without the launcher's correction the write after disabling fails and the enable
     * is refused as "already enabled".
     */
    @Test
    void streamDisabledAndEnabled_newStreamOldOneClosedAndReadable() {
        AwsClients clients = TestEndpoint.clients();
        TableConfig table = TableConfig.named(TestEndpoint.unique("relabel"));
        InventoryTable.create(clients.dynamoDb(), table);
        String first = latestStream(clients, table);
        put(clients, table, "before");
        clients.dynamoDb().updateTable(b -> b.tableName(table.name()).streamSpecification(s -> s.streamEnabled(false)));
        put(clients, table, "while-disabled");
        clients.dynamoDb()
                .updateTable(b -> b.tableName(table.name())
                        .streamSpecification(s -> s.streamEnabled(true)
                                .streamViewType(
                                        software.amazon.awssdk.services.dynamodb.model.StreamViewType
                                                .NEW_AND_OLD_IMAGES)));
        put(clients, table, "after");
        String second = latestStream(clients, table);

        assertNotEquals(first, second);
        var old = clients.streams().describeStream(b -> b.streamArn(first)).streamDescription();
        var current = clients.streams().describeStream(b -> b.streamArn(second)).streamDescription();
        assertEquals("DISABLED", old.streamStatusAsString());
        assertEquals("ENABLED", current.streamStatusAsString());
        assertNotEquals(old.shards().get(0).shardId(), current.shards().get(0).shardId());
        assertNotNull(old.shards().get(0).sequenceNumberRange().endingSequenceNumber());
        assertNull(current.shards().get(0).sequenceNumberRange().endingSequenceNumber());
        assertTrue(
                new java.math.BigInteger(current.shards()
                                        .get(0)
                                        .sequenceNumberRange()
                                        .startingSequenceNumber())
                                .compareTo(new java.math.BigInteger(old.shards()
                                        .get(0)
                                        .sequenceNumberRange()
                                        .endingSequenceNumber()))
                        > 0,
                "the new stream's numbers start above the old one's");
        assertEquals(
                List.of("before"), readToEnd(clients, first, old.shards().get(0).shardId(), 3));
        assertEquals(
                List.of("after"),
                readSome(clients, second, current.shards().get(0).shardId()));
        assertEquals(
                java.util.Set.of(first, second),
                clients.streams().listStreams(b -> b.tableName(table.name())).streams().stream()
                        .map(s -> s.streamArn())
                        .collect(java.util.stream.Collectors.toSet()));
    }

    /**
     * DynamoDB writes no stream record for a write that changes nothing (the same item put again, an update to the
     * values it has, a number written as 5.0 where it was 5); moto appends a MODIFY with equal images.
     */
    @Test
    void writeThatChangesNothing_noStreamRecord() {
        AwsClients clients = TestEndpoint.clients();
        TableConfig table = TableConfig.named(TestEndpoint.unique("nochange"));
        InventoryTable.create(clients.dynamoDb(), table);
        String arn = latestStream(clients, table);
        put(clients, table, "a", "5");
        put(clients, table, "a", "5");
        put(clients, table, "a", "5.0");
        clients.dynamoDb()
                .updateItem(b -> b.tableName(table.name())
                        .key(Map.of("sku", AttributeValue.fromS("a")))
                        .updateExpression("SET quantity = :q")
                        .expressionAttributeValues(Map.of(":q", AttributeValue.fromN("5"))));
        put(clients, table, "a", "4");

        String shard = clients.streams()
                .describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards()
                .get(0)
                .shardId();
        List<String> events = new ArrayList<>();
        String iterator = clients.streams()
                .getShardIterator(
                        b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        GetRecordsResponse response = clients.streams().getRecords(b -> b.shardIterator(iterator));
        response.records()
                .forEach(r -> events.add(r.eventNameAsString() + " "
                        + r.dynamodb().newImage().get("quantity").n()));
        assertEquals(List.of("INSERT 5", "MODIFY 4"), events);
    }

    /** A deleted table's stream is closed, not gone: it stays readable, as DynamoDB keeps it for 24 hours. */
    @Test
    void tableDeleted_streamClosedAndReadable() {
        AwsClients clients = TestEndpoint.clients();
        TableConfig table = TableConfig.named(TestEndpoint.unique("deleted"));
        InventoryTable.create(clients.dynamoDb(), table);
        String arn = latestStream(clients, table);
        put(clients, table, "a");
        clients.dynamoDb().deleteTable(b -> b.tableName(table.name()));

        var stream = clients.streams().describeStream(b -> b.streamArn(arn)).streamDescription();
        assertEquals("DISABLED", stream.streamStatusAsString());
        assertEquals(
                List.of("a"), readToEnd(clients, arn, stream.shards().get(0).shardId(), 3));
    }

    private static String latestStream(AwsClients clients, TableConfig table) {
        return clients.dynamoDb()
                .describeTable(b -> b.tableName(table.name()))
                .table()
                .latestStreamArn();
    }

    /** The keys read from TRIM_HORIZON until the shard ends; fails when it does not end within {@code polls}. */
    private static List<String> readToEnd(AwsClients clients, String arn, String shard, int polls) {
        List<String> seen = new ArrayList<>();
        String iterator = clients.streams()
                .getShardIterator(
                        b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        for (int i = 0; i < polls && iterator != null; i++) {
            String current = iterator;
            GetRecordsResponse response = clients.streams().getRecords(b -> b.shardIterator(current));
            response.records()
                    .forEach(r -> seen.add(r.dynamodb().keys().get("sku").s()));
            iterator = response.nextShardIterator();
        }
        assertNull(iterator, "a closed shard read to its end has no next iterator");
        return seen;
    }

    private static List<String> readSome(AwsClients clients, String arn, String shard) {
        String iterator = clients.streams()
                .getShardIterator(
                        b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        GetRecordsResponse response = clients.streams().getRecords(b -> b.shardIterator(iterator));
        assertNotNull(response.nextShardIterator(), "an open shard goes on");
        return response.records().stream()
                .map(r -> r.dynamodb().keys().get("sku").s())
                .toList();
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
