package dev.driftwatch.record;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Numbers as DynamoDB can hold them: at most 38 significant digits, magnitude 1E-130 to under 1E+126
 * (or zero). A number outside that range cannot have come from DynamoDB and is refused before anything
 * computes with it; the check costs time linear in the text, never more (a number's text longer than
 * {@value #MAX_TEXT} characters is refused unread).
 */
final class DynamoNumbers {
    static final int MAX_SIGNIFICANT_DIGITS = 38;
    static final int MAX_TEXT = 400;
    private static final BigDecimal SMALLEST = new BigDecimal("1E-130");
    private static final BigDecimal TOO_LARGE = new BigDecimal("1E+126");
    /** ASCII digits only, as DynamoDB writes them: no spaces, no other scripts' digits. */
    private static final java.util.regex.Pattern FORM =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** Wide enough for every number DynamoDB holds (exponent −130 to 125, 38 digits). */
    private static final int MAX_SCALE = 200;

    private DynamoNumbers() {}

    /** {@code text} when DynamoDB could hold it; otherwise a DecodeException naming {@code path}. */
    static String check(String path, String text) {
        if (text.length() > MAX_TEXT) {
            throw refused(path, text, "more than " + MAX_TEXT + " characters");
        }
        if (!FORM.matcher(text).matches()) {
            throw new DecodeException(path + ": not a number: '" + shown(text) + "'");
        }
        BigDecimal number = new BigDecimal(text);
        if (number.scale() > MAX_SCALE || number.scale() < -MAX_SCALE) {
            // Zero too: 0E-500000000 is no number DynamoDB returns, and its plain form is half a billion digits.
            throw refused(path, text, "outside DynamoDB's range 1E-130 to 9.99…E+125");
        }
        if (number.signum() == 0) {
            return text;
        }
        BigDecimal magnitude = number.abs();
        if (magnitude.compareTo(TOO_LARGE) >= 0 || magnitude.compareTo(SMALLEST) < 0) {
            throw refused(path, text, "outside DynamoDB's range 1E-130 to 9.99…E+125");
        }
        if (number.stripTrailingZeros().precision() > MAX_SIGNIFICANT_DIGITS) {
            throw refused(path, text, "more than 38 significant digits");
        }
        return text;
    }

    /** Every number in an image (nested lists, maps and number sets included). */
    static void checkImage(String path, Map<String, AttributeValue> image) {
        for (Map.Entry<String, AttributeValue> attribute : image.entrySet()) {
            checkValue(path + "." + attribute.getKey(), attribute.getValue());
        }
    }

    private static void checkValue(String path, AttributeValue value) {
        if (value.n() != null) {
            check(path, value.n());
        } else if (value.hasNs()) {
            value.ns().forEach(number -> check(path, number));
        } else if (value.hasM()) {
            checkImage(path, value.m());
        } else if (value.hasL()) {
            List<AttributeValue> list = value.l();
            for (int i = 0; i < list.size(); i++) {
                checkValue(path + "[" + i + "]", list.get(i));
            }
        }
    }

    private static DecodeException refused(String path, String text, String why) {
        return new DecodeException(path + ": number " + why + ": '" + shown(text) + "'");
    }

    /** A bounded quotation of an input's text for an error message. */
    static String shown(String text) {
        return text.length() <= 48 ? text : text.substring(0, 45) + "...";
    }
}
