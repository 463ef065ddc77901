package dev.driftwatch.record;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB type of an attribute in an image, or {@link #MISSING} when the image lacks it. */
public enum AttributeType {
    MISSING,
    S,
    N,
    B,
    BOOL,
    NULL,
    SS,
    NS,
    BS,
    L,
    M;

    /** The type of one attribute value; a value with no member set is reported as {@code NULL}. */
    public static AttributeType of(AttributeValue value) {
        if (value == null) {
            return MISSING;
        }
        return switch (value.type()) {
            case S -> S;
            case N -> N;
            case B -> B;
            case BOOL -> BOOL;
            case SS -> SS;
            case NS -> NS;
            case BS -> BS;
            case L -> L;
            case M -> M;
            case NUL, UNKNOWN_TO_SDK_VERSION -> NULL;
        };
    }
}
