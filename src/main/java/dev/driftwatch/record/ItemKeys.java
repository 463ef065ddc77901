package dev.driftwatch.record;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Renders an item's key attributes as one string: the partition value, then {@code |} and the sort value.
 * With a sort key, a backslash or {@code |} inside either value is escaped with a backslash, so that two
 * different items never share a rendering ({@code (a|b, c)} and {@code (a, b|c)} did before 2026-11-30);
 * values without either character render as they always did. A partition value alone is rendered as is.
 */
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
            rendered = escape(rendered) + "|" + escape(scalar(sortKey.get(), sort));
        }
        return rendered;
    }

    /**
     * The rendering a composite key had before escaping, when it differs from {@code rendered}: rows and
     * states written then are found under it.
     */
    public static Optional<String> legacyForm(String rendered) {
        if (rendered.indexOf('\\') < 0) {
            return Optional.empty();
        }
        StringBuilder legacy = new StringBuilder(rendered.length());
        for (int i = 0; i < rendered.length(); i++) {
            char c = rendered.charAt(i);
            if (c == '\\' && i + 1 < rendered.length()) {
                legacy.append(rendered.charAt(++i));
            } else {
                legacy.append(c);
            }
        }
        return Optional.of(legacy.toString());
    }

    private static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('|') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("|", "\\|");
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
