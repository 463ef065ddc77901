package dev.driftwatch.finding;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Masks the attributes {@code audit.redact} names everywhere a finding goes: their values in both images
 * become {@code <redacted>}, and so does every place their value appears in the message (a CEL template
 * or a CEL error can quote it), as text, in the number forms CEL renders, bounded so that a value is not
 * matched inside a longer word or number.
 */
public record Redaction(Set<String> attributes) {
    public static final Redaction NONE = new Redaction(Set.of());
    public static final String MASK = "<redacted>";
    private static final AttributeValue MASKED = AttributeValue.fromS(MASK);

    public Redaction {
        attributes = Set.copyOf(attributes);
    }

    public Finding apply(Finding finding) {
        if (attributes.isEmpty()) {
            return finding;
        }
        Set<String> quoted = new LinkedHashSet<>();
        collect(finding.oldImage(), quoted);
        collect(finding.newImage(), quoted);
        if (quoted.isEmpty()) {
            return finding;
        }
        return finding.toBuilder()
                .message(mask(finding.message(), quoted))
                .writer(finding.writer().map(writer -> quoted.contains(writer) ? MASK : writer))
                .writeId(finding.writeId().map(writeId -> quoted.contains(writeId) ? MASK : writeId))
                .oldImage(masked(finding.oldImage()))
                .newImage(masked(finding.newImage()))
                .build();
    }

    private void collect(Map<String, AttributeValue> image, Set<String> quoted) {
        for (String name : attributes) {
            AttributeValue value = image.get(name);
            if (value != null) {
                collectValue(value, quoted);
            }
        }
    }

    /** Every scalar inside the value: a map's, list's or set's elements are quoted one by one. */
    private static void collectValue(AttributeValue value, Set<String> quoted) {
        if (value.s() != null && !value.s().isEmpty()) {
            quoted.add(value.s());
        } else if (value.n() != null) {
            quoted.addAll(numberForms(value.n()));
        } else if (value.hasSs()) {
            value.ss().stream().filter(text -> !text.isEmpty()).forEach(quoted::add);
        } else if (value.hasNs()) {
            value.ns().forEach(number -> quoted.addAll(numberForms(number)));
        } else if (value.hasM()) {
            value.m().values().forEach(element -> collectValue(element, quoted));
        } else if (value.hasL()) {
            value.l().forEach(element -> collectValue(element, quoted));
        }
    }

    /** The number's text and the forms a rule or CEL may print it in (plain, scientific, as int or double). */
    private static Set<String> numberForms(String text) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(text);
        try {
            BigDecimal number = new BigDecimal(text);
            BigDecimal stripped = number.stripTrailingZeros();
            forms.add(stripped.toPlainString());
            forms.add(stripped.toString());
            forms.add(number.toPlainString());
            double asDouble = number.doubleValue();
            if (Double.isFinite(asDouble)) {
                forms.add(Double.toString(asDouble));
            }
        } catch (NumberFormatException e) {
            // not a number after all: its text alone is masked
        }
        return forms;
    }

    private static String mask(String message, Set<String> quoted) {
        String masked = message;
        // Longest first, so that a value is masked whole before any shorter form inside it.
        for (String value :
                quoted.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            // Not inside a longer word or number: 10 is masked in "10 units", not in "10.5" or "110".
            Pattern bounded = Pattern.compile("(?<![\\p{Alnum}.])" + Pattern.quote(value) + "(?![\\p{Alnum}]|\\.\\d)");
            masked = bounded.matcher(masked).replaceAll(Matcher.quoteReplacement(MASK));
        }
        return masked;
    }

    private Map<String, AttributeValue> masked(Map<String, AttributeValue> image) {
        Map<String, AttributeValue> copy = new HashMap<>(image);
        for (String name : attributes) {
            copy.computeIfPresent(name, (key, value) -> MASKED);
        }
        return copy;
    }
}
