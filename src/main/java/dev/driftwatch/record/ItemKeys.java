package dev.driftwatch.record;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Renders an item's key attributes as one string: partition value, then {@code |} and the sort value. */
public final class ItemKeys {
    private ItemKeys() {}

    public static String render(Map<String, AttributeValue> keys, String partitionKey, Optional<String> sortKey) {
        AttributeValue partition = keys.get(partitionKey);
        if (partition == null) {
            throw new DecodeException(
                    "key attribute '" + partitionKey + "' missing from the record's keys " + keys.keySet());
        }
        String rendered = scalar(partitionKey, partition);
        if (sortKey.isPresent()) {
            AttributeValue sort = keys.get(sortKey.get());
            if (sort == null) {
                throw new DecodeException("sort key attribute '" + sortKey.get() + "' missing from the record's keys");
            }
            rendered = rendered + "|" + scalar(sortKey.get(), sort);
        }
        return rendered;
    }

    private static String scalar(String name, AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n();
        }
        if (value.b() != null) {
            return Base64.getEncoder().encodeToString(value.b().asByteArray());
        }
        throw new DecodeException("key attribute '" + name + "' is not a string, number or binary");
    }
}
