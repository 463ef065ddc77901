package dev.driftwatch.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingFields;
import java.math.BigDecimal;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertPayloads() {}

    /** The alert as JSON: {@code type} finding or digest, the dedup key, and the findings. */
    public static String generic(Alert alert) {
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
        alert.findings().stream().limit(DETAILED_FINDINGS).forEach(finding -> findings.add(finding(finding)));
        if (alert.findings().size() > DETAILED_FINDINGS) {
            ArrayNode ids = root.putArray("findingIds");
            alert.findings().stream().limit(LISTED_IDS).forEach(finding -> ids.add(finding.id()));
            ArrayNode items = root.putArray("items");
            alert.itemKeys().stream().limit(LISTED_ITEMS).forEach(items::add);
            root.put(
                    "truncated",
                    alert.findings().size() > LISTED_IDS || alert.itemKeys().size() > LISTED_ITEMS);
        }
        return write(root);
    }

    /** A Slack incoming-webhook message. */
    public static String slack(Alert alert) {
        ObjectNode root = JSON.createObjectNode();
        StringBuilder text = new StringBuilder(":rotating_light: *driftwatch* ").append(alert.summary());
        if (!alert.digest()) {
            text.append("\nfinding `").append(alert.dedupKey()).append('`');
        } else {
            text.append("\nfirst finding `")
                    .append(alert.findings().get(0).id())
                    .append('`');
        }
        root.put("text", text.toString());
        return write(root);
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
                        : summary.substring(0, PAGERDUTY_SUMMARY_LIMIT - 1) + "…");
        payload.put("source", alert.table());
        payload.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        payload.put(
                "component",
                alert.digest() ? alert.table() : alert.findings().get(0).itemKey());
        payload.put("group", alert.ruleId());
        payload.put("class", alert.findings().get(0).findingClass().name());
        ObjectNode details = payload.putObject("custom_details");
        details.put("findings", alert.findings().size());
        alert.lostUnits().ifPresent(units -> details.put("lostUnits", units));
        ArrayNode ids = details.putArray("findingIds");
        alert.findings().stream().limit(LISTED_IDS).forEach(finding -> ids.add(finding.id()));
        ArrayNode items = details.putArray("items");
        alert.itemKeys().stream().limit(LISTED_ITEMS).forEach(items::add);
        return write(root);
    }

    /** A finding's fields (never its images), by the names of {@link FindingFields}. */
    private static ObjectNode finding(Finding finding) {
        ObjectNode node = JSON.createObjectNode();
        FindingFields.of(finding).forEach((name, value) -> {
            if (value instanceof BigDecimal number) {
                node.put(name, number);
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
