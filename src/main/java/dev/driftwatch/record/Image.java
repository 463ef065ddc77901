package dev.driftwatch.record;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item image of a stream record (old or new), immutable. Typed reads tell a missing attribute
 * from one of another type, so that rules can report writers that break the protocol.
 */
public final class Image {
    /** A parsed number of one attribute; final fields make a cached entry safe to share. */
    private record Parsed(String name, Optional<BigDecimal> value) {}

    private final Map<String, AttributeValue> attributes;
    // The rules read the same few attributes (quantity, version, delta) several times per record:
    // parse each once. Entries are immutable, so a racing reader at worst parses again.
    private final Parsed[] parsed = new Parsed[4];

    public Image(Map<String, AttributeValue> attributes) {
        this(Map.copyOf(attributes), true);
    }

    private Image(Map<String, AttributeValue> attributes, boolean copied) {
        this.attributes = attributes;
    }

    /**
     * An image over a map of an SDK model object, which the SDK already made unmodifiable and which
     * nobody else holds a writable reference to: no copy. The decoder's hot path.
     */
    static Image ofSdkMap(Map<String, AttributeValue> unmodifiable) {
        return new Image(unmodifiable, false);
    }

    public Map<String, AttributeValue> attributes() {
        return attributes;
    }

    public AttributeType typeOf(String name) {
        return AttributeType.of(attributes.get(name));
    }

    /** The attribute as a number, or empty when it is missing or not of type N. */
    public Optional<BigDecimal> number(String name) {
        for (int i = 0; i < parsed.length; i++) {
            Parsed entry = parsed[i];
            if (entry == null) {
                Optional<BigDecimal> value = parse(name);
                parsed[i] = new Parsed(name, value);
                return value;
            }
            if (entry.name().equals(name)) {
                return entry.value();
            }
        }
        return parse(name);
    }

    private Optional<BigDecimal> parse(String name) {
        AttributeValue value = attributes.get(name);
        if (value == null || value.n() == null) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(value.n()));
    }

    /** The attribute as a string, or empty when it is missing or not of type S. */
    public Optional<String> string(String name) {
        AttributeValue value = attributes.get(name);
        return value == null ? Optional.empty() : Optional.ofNullable(value.s());
    }

    /** A short rendering of an attribute for messages: its value for S/N/BOOL, else its type. */
    public String describe(String name) {
        AttributeValue value = attributes.get(name);
        AttributeType type = AttributeType.of(value);
        return switch (type) {
            case MISSING -> "(missing)";
            case N -> value.n();
            case S -> "'" + value.s() + "'";
            case BOOL -> String.valueOf(value.bool());
            default -> "(" + type + ")";
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Image image && attributes.equals(image.attributes);
    }

    @Override
    public int hashCode() {
        return attributes.hashCode();
    }

    @Override
    public String toString() {
        return "Image" + attributes.keySet();
    }
}
