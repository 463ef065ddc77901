package dev.driftwatch.streamgap;

import dev.driftwatch.finding.Sha256;
import dev.driftwatch.record.Image;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A SHA-256 of an item image in a canonical form: attributes in name order, numbers normalised
 * ({@code 1.50} = {@code 1.5}), set members sorted. Two images that DynamoDB treats as equal digest
 * equally; an absent image (before INSERT, after REMOVE) has the digest {@value #ABSENT}.
 */
public final class ImageDigest {
    public static final String ABSENT = "absent";

    private ImageDigest() {}

    public static String of(Optional<Image> image) {
        return image.map(i -> of(i.attributes())).orElse(ABSENT);
    }

    public static String of(Map<String, AttributeValue> attributes) {
        StringBuilder canonical = new StringBuilder(256);
        map(attributes, canonical);
        MessageDigest digest = Sha256.digest();
        digest.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        return Sha256.first128Hex(digest);
    }

    private static void map(Map<String, AttributeValue> attributes, StringBuilder out) {
        out.append('{');
        for (Map.Entry<String, AttributeValue> entry : new TreeMap<>(attributes).entrySet()) {
            string(entry.getKey(), out);
            out.append(':');
            value(entry.getValue(), out);
            out.append(',');
        }
        out.append('}');
    }

    private static void value(AttributeValue value, StringBuilder out) {
        switch (value.type()) {
            case S -> string(value.s(), out.append('S'));
            case N -> out.append('N').append(number(value.n())).append(';');
            case B ->
                out.append('B')
                        .append(java.util.Base64.getEncoder()
                                .encodeToString(value.b().asByteArray()))
                        .append(';');
            case BOOL -> out.append(value.bool() ? "T" : "F");
            case NUL -> out.append('0');
            case SS -> sorted('s', value.ss(), out);
            case NS -> sorted('n', value.ns().stream().map(ImageDigest::number).toList(), out);
            case BS ->
                sorted(
                        'b',
                        value.bs().stream()
                                .map(b -> java.util.Base64.getEncoder().encodeToString(b.asByteArray()))
                                .toList(),
                        out);
            case L -> {
                out.append('[');
                value.l().forEach(element -> value(element, out));
                out.append(']');
            }
            case M -> map(value.m(), out.append('M'));
            default -> out.append('?');
        }
    }

    private static void sorted(char tag, List<String> members, StringBuilder out) {
        List<String> copy = new ArrayList<>(members);
        copy.sort(null);
        out.append(tag).append('<');
        copy.forEach(member -> string(member, out));
        out.append('>');
    }

    private static String number(String text) {
        return new BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    private static void string(String text, StringBuilder out) {
        out.append(text.length()).append('"').append(text);
    }
}
