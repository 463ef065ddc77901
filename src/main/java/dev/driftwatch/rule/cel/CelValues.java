package dev.driftwatch.rule.cel;

import com.google.protobuf.ByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB attribute values as CEL values, without losing precision: a number is a CEL {@code int}
 * when it is whole and fits 64 bits, a {@code double} when the double prints back as the same decimal,
 * and otherwise refused with the attribute's name (a 38-digit amount would compare wrongly as a double).
 * Sets become lists, maps maps, NULL null.
 */
final class CelValues {
    private CelValues() {}

    static Map<String, Object> image(Map<String, AttributeValue> attributes) {
        Map<String, Object> values = new LinkedHashMap<>(attributes.size() * 2);
        for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
            values.put(entry.getKey(), value(entry.getKey(), entry.getValue()));
        }
        return values;
    }

    static Object value(String path, AttributeValue value) {
        switch (value.type()) {
            case S:
                return value.s();
            case N:
                return number(path, value.n());
            case B:
                return bytes(value.b());
            case BOOL:
                return value.bool();
            case NUL:
                return NullValue.NULL_VALUE;
            case SS:
                return List.copyOf(value.ss());
            case NS:
                return numbers(path, value.ns());
            case BS:
                return value.bs().stream().map(CelValues::bytes).toList();
            case L:
                List<Object> list = new ArrayList<>(value.l().size());
                for (int i = 0; i < value.l().size(); i++) {
                    list.add(value(path + "[" + i + "]", value.l().get(i)));
                }
                return list;
            case M:
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
                    map.put(entry.getKey(), value(path + "." + entry.getKey(), entry.getValue()));
                }
                return map;
            default:
                throw new IllegalArgumentException(
                        "attribute " + path + " has a type CEL rules cannot read: " + value.type());
        }
    }

    /** A DynamoDB number as CEL int or double, exactly, or an error naming the attribute. */
    static Object number(String path, String text) {
        BigDecimal decimal = new BigDecimal(text);
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 19) {
            try {
                return stripped.longValueExact();
            } catch (ArithmeticException outsideLong) {
                // fall through to the double check
            }
        }
        double asDouble = decimal.doubleValue();
        if (Double.isFinite(asDouble) && BigDecimal.valueOf(asDouble).compareTo(decimal) == 0) {
            return asDouble;
        }
        throw new IllegalArgumentException(
                "attribute " + path + " = " + text
                        + " is neither a 64-bit integer nor exactly a double, so CEL cannot compare it without losing precision");
    }

    private static List<Object> numbers(String path, Collection<String> texts) {
        List<Object> values = new ArrayList<>(texts.size());
        for (String text : texts) {
            values.add(number(path, text));
        }
        return values;
    }

    private static ByteString bytes(SdkBytes bytes) {
        return ByteString.copyFrom(bytes.asByteArrayUnsafe());
    }
}
