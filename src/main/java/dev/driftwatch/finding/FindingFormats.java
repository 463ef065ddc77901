package dev.driftwatch.finding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finding as one CSV line (RFC 4180 quoting, columns in {@link FindingFields#ORDER}) or one JSON
 * object: the one rendering behind {@code driftwatch findings --format csv|json} and the web view's
 * exports, so that both give the same bytes for the same findings.
 */
public final class FindingFormats {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FindingFormats() {}

    public static String csvHeader() {
        return String.join(",", FindingFields.ORDER);
    }

    public static String csvLine(Finding finding) {
        Map<String, Object> map = asMap(finding);
        StringBuilder line = new StringBuilder();
        for (String column : FindingFields.ORDER) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append(csv(map.get(column)));
        }
        return line.toString();
    }

    public static String jsonLine(Finding finding) {
        return json(asMap(finding));
    }

    /** One CSV field: quoted when it holds a comma, a quote or a line break; empty for null. */
    public static String csv(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    public static String json(Map<String, Object> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a finding could not be written as JSON: " + e.getMessage(), e);
        }
    }

    /** The finding's fields in {@link FindingFields#ORDER}, times as ISO-8601 text, absent ones null. */
    public static Map<String, Object> asMap(Finding finding) {
        Map<String, Object> fields = FindingFields.of(finding);
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : FindingFields.ORDER) {
            Object value = fields.get(name);
            map.put(name, value instanceof Instant instant ? instant.toString() : value);
        }
        return map;
    }
}
