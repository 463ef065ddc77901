package dev.driftwatch.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An attribute's value as one line of text for the page: strings quoted, numbers as DynamoDB keeps them,
 * sets sorted, maps by name, binary as its size; cut at {@link #MAX_CHARS} so that a 400 KB item does not
 * make a 400 KB cell. The page escapes the text; this class only shapes it.
 */
public final class AttributeText {
    public static final int MAX_CHARS = 2000;

    private AttributeText() {}

    public static String of(AttributeValue value) {
        StringBuilder text = new StringBuilder();
        append(text, value, 0);
        if (text.length() > MAX_CHARS) {
            return text.substring(0, MAX_CHARS) + "… (cut at " + MAX_CHARS + " characters)";
        }
        return text.toString();
    }

    private static void append(StringBuilder text, AttributeValue value, int depth) {
        if (text.length() > MAX_CHARS || depth > 40) {
            text.append("…");
            return;
        }
        if (value.s() != null) {
            quoted(text, value.s());
        } else if (value.n() != null) {
            text.append(value.n());
        } else if (value.bool() != null) {
            text.append(value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            text.append("null");
        } else if (value.b() != null) {
            text.append("<binary, ").append(value.b().asByteArray().length).append(" bytes>");
        } else if (value.hasSs()) {
            List<String> sorted = new ArrayList<>(value.ss());
            sorted.sort(null);
            text.append("<<");
            for (int i = 0; i < sorted.size(); i++) {
                text.append(i == 0 ? "" : ", ");
                quoted(text, sorted.get(i));
            }
            text.append(">>");
        } else if (value.hasNs()) {
            List<String> sorted = new ArrayList<>(value.ns());
            sorted.sort(null);
            text.append("<<").append(String.join(", ", sorted)).append(">>");
        } else if (value.hasBs()) {
            text.append("<<").append(value.bs().size()).append(" binary values>>");
        } else if (value.hasL()) {
            text.append('[');
            for (int i = 0; i < value.l().size(); i++) {
                text.append(i == 0 ? "" : ", ");
                append(text, value.l().get(i), depth + 1);
            }
            text.append(']');
        } else if (value.hasM()) {
            text.append('{');
            boolean first = true;
            for (Map.Entry<String, AttributeValue> entry : new TreeMap<>(value.m()).entrySet()) {
                text.append(first ? "" : ", ");
                first = false;
                quoted(text, entry.getKey());
                text.append(": ");
                append(text, entry.getValue(), depth + 1);
            }
            text.append('}');
        } else {
            text.append("?");
        }
    }

    private static void quoted(StringBuilder text, String value) {
        text.append('"');
        for (int i = 0; i < value.length() && text.length() <= MAX_CHARS; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
