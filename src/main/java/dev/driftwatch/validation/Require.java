package dev.driftwatch.validation;

/** Construction-time checks whose messages name the field and the bad value. */
public final class Require {
    private Require() {}

    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    field + " must not be blank, got: '" + (value == null ? "" : value) + "'");
        }
        return value;
    }

    /** For values where white space is meaningful, such as DynamoDB key values. */
    public static String notEmpty(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return value;
    }

    public static long positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got: " + value);
        }
        return value;
    }

    public static long notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got: " + value);
        }
        return value;
    }
}
