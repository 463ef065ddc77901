package dev.driftwatch.support;

import dev.driftwatch.aws.AwsClients;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Writes items through the SDK, as any application would. */
public final class Items {
    private final AwsClients clients;
    private final String table;
    private int writes;

    public Items(AwsClients clients, String table) {
        this.clients = clients;
        this.table = table;
    }

    /** PutItem of {@code sku} plus name/value pairs (numbers as N, the rest as S). */
    public void put(String sku, Object... pairs) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("sku", AttributeValue.fromS(sku));
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            item.put(
                    (String) pairs[i],
                    value instanceof Number n
                            ? AttributeValue.fromN(n.toString())
                            : AttributeValue.fromS(value.toString()));
        }
        clients.dynamoDb().putItem(b -> b.tableName(table).item(item));
        writes++;
    }

    public void delete(String sku) {
        clients.dynamoDb().deleteItem(b -> b.tableName(table).key(Map.of("sku", AttributeValue.fromS(sku))));
        writes++;
    }

    /** Writes done so far: each makes exactly one stream record (no write here is a no-op). */
    public int writes() {
        return writes;
    }
}
