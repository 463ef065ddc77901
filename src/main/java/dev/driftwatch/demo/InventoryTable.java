package dev.driftwatch.demo;

import dev.driftwatch.config.TableConfig;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Creates a trial inventory table with a NEW_AND_OLD_IMAGES stream, keyed as the config says. */
public final class InventoryTable {
    private InventoryTable() {}

    /** The item of the demo table keyed {@code itemKey}, read consistently (empty when there is none). */
    static Map<String, AttributeValue> read(DynamoDbClient dynamoDb, TableConfig table, String itemKey) {
        return dynamoDb.getItem(b -> b.tableName(table.name())
                        .key(Map.of(table.key(), AttributeValue.fromS(itemKey)))
                        .consistentRead(true))
                .item();
    }

    /** Returns false when the table already existed. */
    public static boolean create(DynamoDbClient dynamoDb, TableConfig table) {
        var attributes = new java.util.ArrayList<AttributeDefinition>();
        var keys = new java.util.ArrayList<KeySchemaElement>();
        attributes.add(AttributeDefinition.builder()
                .attributeName(table.key())
                .attributeType(ScalarAttributeType.S)
                .build());
        keys.add(KeySchemaElement.builder()
                .attributeName(table.key())
                .keyType(KeyType.HASH)
                .build());
        table.sortKey().ifPresent(sort -> {
            attributes.add(AttributeDefinition.builder()
                    .attributeName(sort)
                    .attributeType(ScalarAttributeType.S)
                    .build());
            keys.add(KeySchemaElement.builder()
                    .attributeName(sort)
                    .keyType(KeyType.RANGE)
                    .build());
        });
        try {
            dynamoDb.createTable(b -> b.tableName(table.name())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes)
                    .keySchema(keys)
                    .streamSpecification(StreamSpecification.builder()
                            .streamEnabled(true)
                            .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                            .build()));
        } catch (ResourceInUseException e) {
            return false;
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table.name()));
        return true;
    }
}
