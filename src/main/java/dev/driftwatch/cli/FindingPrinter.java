package dev.driftwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingFields;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints findings one at a time as a table, JSON lines or CSV (RFC 4180 quoting). */
final class FindingPrinter {
    enum Format {
        table,
        json,
        csv
    }

    private static final List<String> CSV_COLUMNS = FindingFields.ORDER;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final Format format;

    FindingPrinter(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    void header() {
        switch (format) {
            case table ->
                out.printf(
                        "%-24s %-24s %-8s %-12s %-10s %s%n", "DETECTED", "RULE", "SEVERITY", "KEY", "LOST", "MESSAGE");
            case csv -> out.println(String.join(",", CSV_COLUMNS));
            case json -> {}
        }
    }

    /** A header (when there is anything to print) and every finding. */
    void printAll(java.util.List<Finding> findings) {
        if (!findings.isEmpty()) {
            header();
        }
        findings.forEach(this::print);
    }

    void print(Finding finding) {
        switch (format) {
            case table ->
                out.printf(
                        "%-24s %-24s %-8s %-12s %-10s %s%n",
                        finding.detectedAt(),
                        finding.ruleId(),
                        finding.severity(),
                        finding.itemKey(),
                        finding.lostUnits().map(u -> u.toPlainString()).orElse("-"),
                        finding.message());
            case json -> out.println(json(asMap(finding)));
            case csv -> {
                Map<String, Object> map = asMap(finding);
                StringBuilder line = new StringBuilder();
                for (String column : CSV_COLUMNS) {
                    if (line.length() > 0) {
                        line.append(',');
                    }
                    line.append(csv(map.get(column)));
                }
                out.println(line);
            }
        }
        out.flush();
    }

    static String csv(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    static String json(Map<String, Object> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a finding could not be written as JSON: " + e.getMessage(), e);
        }
    }

    /** The finding's fields in {@link FindingFields#ORDER}, times as ISO-8601 text, absent ones null. */
    static Map<String, Object> asMap(Finding finding) {
        Map<String, Object> fields = FindingFields.of(finding);
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : FindingFields.ORDER) {
            Object value = fields.get(name);
            map.put(name, value instanceof Instant instant ? instant.toString() : value);
        }
        return map;
    }
}
