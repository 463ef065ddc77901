package dev.driftwatch.updater;

/**
 * Names of the attributes every write stamps, the same ones the detector reads: the version, a unique
 * write id, the writer's name, the quantity and the delta applied to it.
 */
public record StampAttributes(String quantity, String version, String delta, String writeId, String writer) {
    public static final StampAttributes DEFAULTS =
            new StampAttributes("quantity", "version", "lastDelta", "writeId", "writer");

    public StampAttributes {
        check("quantity", quantity);
        check("version", version);
        check("delta", delta);
        check("writeId", writeId);
        check("writer", writer);
    }

    private static void check(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    field + " must not be blank, got: '" + (value == null ? "" : value) + "'");
        }
    }
}
