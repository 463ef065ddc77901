package dev.driftwatch.web;

import dev.driftwatch.finding.Finding;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A finding as a row of a list: its fields as text, and links to its page and its item's history. */
public record FindingRow(
        String id,
        String link,
        String detectedAt,
        String rule,
        String severity,
        String findingClass,
        String itemKey,
        String itemLink,
        String lostUnits,
        String writer,
        String message) {

    public static FindingRow of(Finding finding) {
        return new FindingRow(
                finding.id(),
                findingLink(finding.itemKey(), finding.id()),
                finding.detectedAt().toString(),
                finding.ruleId(),
                finding.severity().name(),
                finding.findingClass().name(),
                finding.itemKey(),
                itemLink(finding.itemKey()),
                finding.lostUnits().map(units -> units.toPlainString()).orElse(""),
                finding.writer().orElse(""),
                finding.message());
    }

    public static String findingLink(String itemKey, String id) {
        return "/finding?item=" + encode(itemKey) + "&id=" + encode(id);
    }

    public static String itemLink(String itemKey) {
        return "/item?item=" + encode(itemKey);
    }

    /** The CSS class of the severity badge. */
    public String severityCss() {
        return "sev-" + severity.toLowerCase(java.util.Locale.ROOT);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
