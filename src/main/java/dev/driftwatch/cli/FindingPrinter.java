package dev.driftwatch.cli;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingFormats;
import java.io.PrintWriter;
import java.util.Map;

/** Prints findings one at a time as a table, JSON lines or CSV (RFC 4180 quoting). */
final class FindingPrinter {
    enum Format {
        table,
        json,
        csv
    }

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
            case csv -> out.println(FindingFormats.csvHeader());
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
            case json -> out.println(FindingFormats.jsonLine(finding));
            case csv -> out.println(FindingFormats.csvLine(finding));
        }
        out.flush();
    }

    static String csv(Object value) {
        return FindingFormats.csv(value);
    }

    static String json(Map<String, Object> map) {
        return FindingFormats.json(map);
    }
}
