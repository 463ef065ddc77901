package dev.driftwatch.audit;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * The audit table's layout: {@code pk = <table>#<item key>}, {@code sk = <time>#<sequence>#<rule>},
 * GSI {@code by-rule} on {@code ruleDay = <rule>#<yyyy-mm-dd>} sorted by {@code detectedAt}, TTL on
 * {@code expiresAt}.
 */
public final class AuditTable {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String BY_RULE_INDEX = "by-rule";
    public static final String RULE_DAY = "ruleDay";
    public static final String DETECTED_AT = "detectedAt";
    public static final String EXPIRES_AT = "expiresAt";

    private AuditTable() {}

    /** Creates the table with its index and TTL; returns false when it already existed. */
    public static boolean create(DynamoDbClient dynamoDb, String tableName) {
        try {
            dynamoDb.createTable(CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            string(PK), string(SK), string(RULE_DAY), string(DETECTED_AT))
                    .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(BY_RULE_INDEX)
                            .keySchema(key(RULE_DAY, KeyType.HASH), key(DETECTED_AT, KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                            .build())
                    .build());
        } catch (ResourceInUseException e) {
            return false;
        }
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .attributeName(EXPIRES_AT)
                        .enabled(true)
                        .build()));
        return true;
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
