package dev.driftwatch.demo;

import dev.driftwatch.config.TableConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The broken pattern under test: read the item, compute the new quantity and version in the client,
 * write the whole item back without a condition. It stamps a unique write id and the delta it meant
 * to apply, as docs/ARCHITECTURE.md ("Writers") asks of writers, so that every overwrite is visible in the stream.
 */
final class UnsafeWriter implements RaceWriter {
    private final DynamoDbClient dynamoDb;
    private final TableConfig table;
    private final String name;

    UnsafeWriter(DynamoDbClient dynamoDb, TableConfig table, String name) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.name = name;
    }

    /** Applies {@code delta} to the item's quantity the unsafe way; the blind write always "succeeds". */
    @Override
    public boolean adjust(String itemKey, long delta) {
        Map<String, AttributeValue> current = InventoryTable.read(dynamoDb, table, itemKey);
        var names = table.attributes();
        long quantity = Long.parseLong(current.get(names.quantity()).n());
        long version = Long.parseLong(current.get(names.version()).n());
        Map<String, AttributeValue> next = new HashMap<>(current);
        next.put(names.quantity(), AttributeValue.fromN(Long.toString(quantity + delta)));
        next.put(names.version(), AttributeValue.fromN(Long.toString(version + 1)));
        next.put(names.delta(), AttributeValue.fromN(Long.toString(delta)));
        next.put(names.writeId(), AttributeValue.fromS(UUID.randomUUID().toString()));
        next.put(names.writer(), AttributeValue.fromS(name));
        dynamoDb.putItem(b -> b.tableName(table.name()).item(next));
        return true;
    }
}
