package dev.driftwatch.rule.cel;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item image as the CEL map {@code oldSelf} or {@code newSelf}, converting an attribute only when a
 * rule reads it: a rule over two attributes of a forty-attribute item converts two, and an attribute no
 * rule reads can never fail a rule (a number CEL cannot hold exactly is refused only where it is read).
 */
final class LazyImage extends AbstractMap<String, Object> {
    private final Map<String, AttributeValue> attributes;
    private final Map<String, Object> converted = new HashMap<>();
    private Set<Entry<String, Object>> entries;

    LazyImage(Map<String, AttributeValue> attributes) {
        this.attributes = attributes;
    }

    @Override
    public Object get(Object name) {
        Object value = converted.get(name);
        if (value == null) {
            AttributeValue attribute = attributes.get(name);
            if (attribute == null) {
                return null;
            }
            value = CelValues.value((String) name, attribute);
            converted.put((String) name, value);
        }
        return value;
    }

    @Override
    public boolean containsKey(Object name) {
        return attributes.containsKey(name);
    }

    @Override
    public int size() {
        return attributes.size();
    }

    /** Iterating (e.g. {@code newSelf.all(k, ...)}) converts every attribute. */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        if (entries == null) {
            Map<String, Object> all = new LinkedHashMap<>();
            for (String name : attributes.keySet()) {
                all.put(name, get(name));
            }
            entries = all.entrySet();
        }
        return entries;
    }
}
