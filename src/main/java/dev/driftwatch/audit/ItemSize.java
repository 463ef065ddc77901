package dev.driftwatch.audit;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An upper bound of an item's size as DynamoDB counts it (attribute names and values in UTF-8),
 * cheap enough to compute per finding: three bytes per character, 21 per number.
 */
final class ItemSize {
    private ItemSize() {}

    static long upperBound(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += 3L * attribute.getKey().length() + value(attribute.getValue());
        }
        return size;
    }

    private static long value(AttributeValue value) {
        if (value.s() != null) {
            return 3L * value.s().length();
        }
        if (value.n() != null) {
            return 21;
        }
        if (value.b() != null) {
            return value.b().asByteBuffer().remaining();
        }
        if (value.hasM()) {
            return 3 + upperBound(value.m());
        }
        if (value.hasL()) {
            long size = 3;
            for (AttributeValue element : value.l()) {
                size += 1 + value(element);
            }
            return size;
        }
        if (value.hasSs()) {
            return strings(value.ss());
        }
        if (value.hasNs()) {
            return 21L * value.ns().size();
        }
        if (value.hasBs()) {
            return value.bs().stream()
                    .mapToLong(b -> b.asByteBuffer().remaining())
                    .sum();
        }
        return 1; // BOOL, NULL
    }

    private static long strings(List<String> strings) {
        long size = 0;
        for (String s : strings) {
            size += 3L * s.length();
        }
        return size;
    }
}
