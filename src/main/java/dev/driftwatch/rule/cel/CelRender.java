package dev.driftwatch.rule.cel;

import com.google.protobuf.ByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** CEL values as people read them in a finding's message. */
final class CelRender {
    private CelRender() {}

    static String text(Object value) {
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite()
                    ? d.toString()
                    : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof ByteString bytes) {
            return "b64:" + Base64.getEncoder().encodeToString(bytes.toByteArray());
        }
        if (value instanceof NullValue || value == null) {
            return "null";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CelRender::text).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            // Sorted by key: the same item renders the same message whatever the map's order.
            return map.entrySet().stream()
                    .map(e -> e.getKey() + ": " + text(e.getValue()))
                    .sorted()
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }

    static String typeName(Object value) {
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "map";
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
