package dev.driftwatch.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingFields;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The bodies alerts are sent as. No payload carries the item images: they may hold data the audit
 * table redacts, and the finding id leads to them.
 */
public final class AlertPayloads {
    static final int PAGERDUTY_SUMMARY_LIMIT = 1024;
    /** Digests stay far below SNS's 256 KB and PagerDuty's 512 KB: details of the first few, ids of the rest. */
    static final int DETAILED_FINDINGS = 20;

    static final int LISTED_IDS = 500;
    static final int LISTED_ITEMS = 100;
    /** An item key is the watched table's data, up to 2 KB: payloads show its first characters. */
    static final int KEY_SHOWN = 256;
    /** Slack shows a section of at most 3,000 characters. */
    static final int SLACK_TEXT_LIMIT = 3000;
    /** SNS takes 256 KB per message, its attributes included: room is left for them. */
    static final int SNS_MESSAGE_LIMIT = 256 * 1024 - 4 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertPayloads() {}

    /** The alert as JSON: {@code type} finding or digest, the dedup key, and the findings. */
    public static String generic(Alert alert) {
        // The details of fewer findings until the message fits SNS (a finding's message alone may be 12 KB).
        int detailed = Math.min(DETAILED_FINDINGS, alert.findings().size());
        while (true) {
            String body = generic(alert, detailed);
            if (detailed == 0 || body.getBytes(StandardCharsets.UTF_8).length <= SNS_MESSAGE_LIMIT) {
                return body;
            }
            detailed /= 2;
        }
    }

    private static String generic(Alert alert, int detailed) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", alert.digest() ? "digest" : "finding");
        root.put("dedupKey", alert.dedupKey());
        root.put("rule", alert.ruleId());
        root.put("table", alert.table());
        root.put("severity", alert.severity().name());
        root.put("summary", alert.summary());
        alert.lostUnits().ifPresent(units -> root.put("lostUnits", units));
        root.put("count", alert.findings().size());
        ArrayNode findings = root.putArray("findings");
        alert.findings().stream().limit(detailed).forEach(finding -> findings.add(finding(finding)));
        if (alert.findings().size() > detailed) {
            ArrayNode ids = root.putArray("findingIds");
            alert.findings().stream().limit(LISTED_IDS).forEach(finding -> ids.add(finding.id()));
            ArrayNode items = root.putArray("items");
            alert.itemKeys().stream()
                    .limit(LISTED_ITEMS)
                    .map(AlertPayloads::shownKey)
                    .forEach(items::add);
            root.put(
                    "truncated",
                    detailed < Math.min(DETAILED_FINDINGS, alert.findings().size())
                            || alert.findings().size() > LISTED_IDS
                            || alert.itemKeys().size() > LISTED_ITEMS);
        }
        return write(root);
    }

    /**
     * A Slack incoming-webhook message. The summary holds the table's data (item keys, messages): Slack's control
     * characters {@code & < >} are escaped, so a key cannot ping ({@code <!channel>}) or link ({@code <url|text>}),
     * and line breaks and other control characters become spaces, so it cannot start a line of its own.
     */
    public static String slack(Alert alert) {
        ObjectNode root = JSON.createObjectNode();
        String head = ":rotating_light: *driftwatch* ";
        String tail = alert.digest()
                ? "\nfirst finding `" + alert.findings().get(0).id() + "`"
                : "\nfinding `" + alert.dedupKey() + "`";
        String summary = slackEscaped(alert.summary());
        int room = SLACK_TEXT_LIMIT - head.length() - tail.length();
        if (summary.length() > room) {
            summary = cut(summary, room - 1) + "…";
            // never cut an escape in half
            int amp = summary.lastIndexOf('&');
            if (amp >= 0 && summary.indexOf(';', amp) < 0) {
                summary = summary.substring(0, amp) + "…";
            }
        }
        root.put("text", head + summary + tail);
        // A bare URL in a key or message must not make Slack fetch it and show its preview.
        root.put("unfurl_links", false);
        root.put("unfurl_media", false);
        return write(root);
    }

    /** Text for Slack mrkdwn: {@code & < >} escaped, control characters (line breaks too) as spaces. */
    static String slackEscaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                default -> escaped.append(invisibleOrBreaking(c) ? ' ' : c);
            }
        }
        return escaped.toString();
    }

    /**
     * Characters that break a line or hide text: controls, the Unicode line and paragraph separators, and format
     * characters (right-to-left overrides, zero-width joiners and spaces).
     */
    private static boolean invisibleOrBreaking(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c)
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT;
    }

    /** The first {@value #KEY_SHOWN} characters of an item key, "…" when there were more. */
    static String shownKey(String key) {
        return key.length() <= KEY_SHOWN ? key : cut(key, KEY_SHOWN) + "…";
    }

    /** At most {@code length} characters of {@code text}, never half of a surrogate pair. */
    static String cut(String text, int length) {
        if (text.length() <= length) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end);
    }

    /** A PagerDuty Events API v2 trigger, deduplicated by the alert's dedup key. */
    public static String pagerDuty(Alert alert, String routingKey) {
        ObjectNode root = JSON.createObjectNode();
        root.put("routing_key", routingKey);
        root.put("event_action", "trigger");
        root.put("dedup_key", alert.dedupKey());
        ObjectNode payload = root.putObject("payload");
        String summary = alert.summary();
        payload.put(
                "summary",
                summary.length() <= PAGERDUTY_SUMMARY_LIMIT
                        ? summary
                        : cut(summary, PAGERDUTY_SUMMARY_LIMIT - 1) + "…");
        payload.put("source", alert.table());
        payload.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        payload.put(
                "component",
                alert.digest()
                        ? alert.table()
                        : shownKey(alert.findings().get(0).itemKey()));
        payload.put("group", alert.ruleId());
        payload.put("class", alert.findings().get(0).findingClass().name());
        ObjectNode details = payload.putObject("custom_details");
        details.put("findings", alert.findings().size());
        alert.lostUnits().ifPresent(units -> details.put("lostUnits", units));
        ArrayNode ids = details.putArray("findingIds");
        alert.findings().stream().limit(LISTED_IDS).forEach(finding -> ids.add(finding.id()));
        ArrayNode items = details.putArray("items");
        alert.itemKeys().stream()
                .limit(LISTED_ITEMS)
                .map(AlertPayloads::shownKey)
                .forEach(items::add);
        return write(root);
    }

    /** A finding's fields (never its images), by the names of {@link FindingFields}. */
    private static ObjectNode finding(Finding finding) {
        ObjectNode node = JSON.createObjectNode();
        FindingFields.of(finding).forEach((name, value) -> {
            if (value instanceof BigDecimal number) {
                node.put(name, number);
            } else if (name.equals(FindingFields.ITEM_KEY)) {
                node.put(name, shownKey(value.toString()));
            } else {
                node.put(name, value.toString());
            }
        });
        return node;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert payload could not be written as JSON", e);
        }
    }
}
