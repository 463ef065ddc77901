package dev.driftwatch.cost;

import java.math.BigDecimal;
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

    /**
     * DynamoDB stores a number as pairs of decimal digits aligned on the decimal point, leading and trailing
     * zero pairs dropped, plus a byte of exponent, plus one when negative; zero takes one byte. So {@code 120} and
     * {@code 1.5} take 3 bytes ("01 20", "01 50"), {@code -1} takes 3, {@code 123.45} takes 4.
     */
    static long number(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return 1 + (text.length() + 1) / 2; // not a number DynamoDB accepts: about its digits
        }
        if (value.signum() == 0) {
            return 1;
        }
        value = value.stripTrailingZeros();
        String digits = value.unscaledValue().abs().toString();
        int scale = value.scale();
        String integer;
        String fraction;
        if (scale <= 0) {
            // -scale trailing zeros: whole pairs of them are dropped, an odd one stays in the last pair
            integer = digits + "0".repeat(-scale % 2);
            fraction = "";
        } else if (scale >= digits.length()) {
            integer = "";
            fraction = "0".repeat(scale - digits.length()) + digits;
        } else {
            integer = digits.substring(0, digits.length() - scale);
            fraction = digits.substring(digits.length() - scale);
        }
        if (integer.length() % 2 == 1) {
            integer = "0" + integer;
        }
        if (fraction.length() % 2 == 1) {
            fraction = fraction + "0";
        }
        String pairs = integer + fraction;
        int first = 0;
        while (first + 2 <= pairs.length() && pairs.startsWith("00", first)) {
            first += 2;
        }
        int last = pairs.length();
        while (last - 2 >= first && pairs.startsWith("00", last - 2)) {
            last -= 2;
        }
        long bytes = (last - first) / 2 + 1;
        return value.signum() < 0 ? bytes + 1 : bytes;
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
