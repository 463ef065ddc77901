package dev.driftwatch.cost;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it for capacity ("DynamoDB item sizes and formats"): attribute names and
 * strings in UTF-8 bytes; a number one byte per two significant digits plus one; binary its raw bytes; null and
 * Boolean one byte; a list or map three bytes plus its elements, each with one byte of its own; a set the sum of
 * its elements.
 */
public final class ItemBytes {
    private ItemBytes() {}

    public static long of(Map<String, AttributeValue> item) {
        if (item == null) {
            return 0;
        }
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + value(attribute.getValue());
        }
        return size;
    }

    static long value(AttributeValue value) {
        switch (value.type()) {
            case S:
                return utf8(value.s());
            case N:
                return number(value.n());
            case B:
                return value.b().asByteArrayUnsafe().length;
            case BOOL:
            case NUL:
                return 1;
            case SS:
                return value.ss().stream().mapToLong(ItemBytes::utf8).sum();
            case NS:
                return value.ns().stream().mapToLong(ItemBytes::number).sum();
            case BS:
                return value.bs().stream()
                        .mapToLong(b -> b.asByteArrayUnsafe().length)
                        .sum();
            case L:
                return 3 + list(value.l());
            case M:
                long size = 3;
                for (Map.Entry<String, AttributeValue> element : value.m().entrySet()) {
                    size += 1 + utf8(element.getKey()) + value(element.getValue());
                }
                return size;
            default:
                return 0;
        }
    }

    private static long list(List<AttributeValue> elements) {
        long size = 0;
        for (AttributeValue element : elements) {
            size += 1 + value(element);
        }
        return size;
    }

    /** One byte per two significant digits (leading and trailing zeros trimmed), plus one. */
    static long number(String text) {
        int digits = 0;
        int firstNonZero = -1;
        int lastNonZero = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                break;
            }
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (firstNonZero < 0) {
                        firstNonZero = digits;
                    }
                    lastNonZero = digits;
                }
                digits++;
            }
        }
        int significant = firstNonZero < 0 ? 1 : lastNonZero - firstNonZero + 1;
        return (significant + 1) / 2 + 1;
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
