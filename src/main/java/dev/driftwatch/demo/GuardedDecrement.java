package dev.driftwatch.demo;

import dev.driftwatch.config.TableConfig;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The seed's safe decrement, beside the naive writers: one UpdateItem {@code SET quantity = quantity - :val} on the
 * condition {@code quantity >= :val}, with a new {@code updated_at}. No read, so nothing stale to write back.
 */
final class GuardedDecrement implements RaceWriter {
    private final DynamoDbClient dynamoDb;
    private final TableConfig table;

    GuardedDecrement(DynamoDbClient dynamoDb, TableConfig table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public boolean adjust(String itemKey, long delta) {
        if (delta >= 0) {
            throw new IllegalArgumentException("a decrement takes a negative delta, got: " + delta);
        }
        try {
            dynamoDb.updateItem(b -> b.tableName(table.name())
                    .key(Map.of(table.key(), AttributeValue.fromS(itemKey)))
                    .updateExpression("SET #q = #q - :val, #at = :now")
                    .conditionExpression("#q >= :val")
                    .expressionAttributeNames(
                            Map.of("#q", table.attributes().quantity(), "#at", UnstampedWriter.MARKER))
                    .expressionAttributeValues(Map.of(
                            ":val", AttributeValue.fromN(Long.toString(-delta)),
                            ":now", AttributeValue.fromS(Instant.now().toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // too little stock: refused, nothing lost
        }
    }
}
