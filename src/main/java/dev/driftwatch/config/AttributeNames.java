package dev.driftwatch.config;

import dev.driftwatch.validation.Require;

/** Names of the attributes the rules read and the writers stamp, per watched table. */
public record AttributeNames(String quantity, String version, String delta, String writeId, String writer) {

    public static final AttributeNames DEFAULTS =
            new AttributeNames("quantity", "version", "lastDelta", "writeId", "writer");

    public AttributeNames {
        Require.notBlank("quantity", quantity);
        Require.notBlank("version", version);
        Require.notBlank("delta", delta);
        Require.notBlank("writeId", writeId);
        Require.notBlank("writer", writer);
    }
}
