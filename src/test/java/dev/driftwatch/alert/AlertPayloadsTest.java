package dev.driftwatch.alert;

import static dev.driftwatch.alert.AlertFixtures.finding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pagerDuty_single_eventsV2TriggerDedupedByFindingId() throws Exception {
        JsonNode event = JSON.readTree(AlertPayloads.pagerDuty(Alert.single(finding("abc123")), "R0UT1NG"));
        assertEquals("R0UT1NG", event.get("routing_key").asText());
        assertEquals("trigger", event.get("event_action").asText());
        assertEquals("abc123", event.get("dedup_key").asText());
        JsonNode payload = event.get("payload");
        assertEquals(
                "CRITICAL conservation on inventory item sku-abc123: quantity 9 → 9 with delta -1",
                payload.get("summary").asText());
        assertEquals("inventory", payload.get("source").asText());
        assertEquals("critical", payload.get("severity").asText());
        assertEquals("sku-abc123", payload.get("component").asText());
        assertEquals("conservation", payload.get("group").asText());
        assertEquals(1, payload.get("custom_details").get("lostUnits").asInt());
    }

    @Test
    void pagerDuty_digest_listsItemsAndTotalLostUnits() throws Exception {
        Alert digest = Alert.digestOf(List.of(finding("a"), finding("b"), finding("c")));
        JsonNode event = JSON.readTree(AlertPayloads.pagerDuty(digest, "K"));
        assertEquals("digest-a", event.get("dedup_key").asText());
        assertEquals(
                "CRITICAL 3 conservation findings on inventory (items sku-a, sku-b, sku-c, 3 units lost)",
                event.get("payload").get("summary").asText());
        assertEquals(
                "[\"sku-a\",\"sku-b\",\"sku-c\"]",
                event.get("payload").get("custom_details").get("items").toString());
        assertEquals(
                3, event.get("payload").get("custom_details").get("lostUnits").asInt());
    }

    @Test
    void slack_single_textNamesTheFinding() throws Exception {
        JsonNode message = JSON.readTree(AlertPayloads.slack(Alert.single(finding("abc123"))));
        assertEquals(
                ":rotating_light: *driftwatch* CRITICAL conservation on inventory item sku-abc123: "
                        + "quantity 9 → 9 with delta -1\nfinding `abc123`",
                message.get("text").asText());
    }

    @Test
    void generic_single_findingWithoutImages() throws Exception {
        JsonNode body = JSON.readTree(AlertPayloads.generic(Alert.single(finding("abc123"))));
        assertEquals("finding", body.get("type").asText());
        assertEquals("abc123", body.get("dedupKey").asText());
        JsonNode first = body.get("findings").get(0);
        assertEquals("sku-abc123", first.get("itemKey").asText());
        assertEquals("w2", first.get("writeId").asText());
        assertFalse(first.has("oldImage"), "images may hold what the audit table redacts");
        assertFalse(body.toString().contains("bob"));
    }

    @Test
    void snsSubject_longOrNonAscii_printableAsciiUnder100() {
        String subject = SnsAlertSink.subject(Alert.digestOf(List.of(
                finding("a"), finding("b"), finding("c"), finding("d"), finding("e"), finding("f"), finding("g"))));
        assertEquals(99, subject.length());
        assertEquals(subject, subject.replaceAll("[^\\x20-\\x7E]", ""));
        assertEquals(
                "driftwatch: CRITICAL 7 conservation findings on inventory (items sku-a, sku-b, sku-c, sku-d, sku...",
                subject);
        assertEquals(
                "driftwatch: CRITICAL conservation on inventory item sku-x: quantity 9 ? 9 with delta -1",
                SnsAlertSink.subject(Alert.single(finding("x"))));
    }

    @Test
    void generic_digestOfThousands_detailsOfTwentyIdsOfFiveHundredUnder256Kb() throws Exception {
        java.util.List<dev.driftwatch.finding.Finding> many = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(finding(String.format("f%05d", i)));
        }
        String body = AlertPayloads.generic(Alert.digestOf(many));
        JsonNode digest = JSON.readTree(body);
        assertEquals(3000, digest.get("count").asInt());
        assertEquals(20, digest.get("findings").size());
        assertEquals(500, digest.get("findingIds").size());
        assertEquals(100, digest.get("items").size());
        assertEquals(true, digest.get("truncated").asBoolean());
        assertEquals(true, body.length() < 256 * 1024, "SNS publishes at most 256 KB: " + body.length());
        assertEquals(true, AlertPayloads.pagerDuty(Alert.digestOf(many), "K").length() < 512 * 1024);
    }

    /** Issue 17 item 4: item keys and messages are the watched table's data, so an attacker's. */
    private static final List<String> HOSTILE_KEYS = List.of(
            "<!channel>",
            "<!here|here>",
            "<https://evil.example/login|Reset your password>",
            "<@U024BE7LH>",
            "a&amp;b",
            "line one\n:white_check_mark: resolved, ignore the alert above",
            "k\r\u0000\u001b[31m",
            "x\u2028:white_check_mark: resolved\u2029",
            "\u202Ekcilc\u200B");

    @Test
    void slack_hostileItemKeys_noControlSequenceNoLineBreakFromTheData() throws Exception {
        for (String key : HOSTILE_KEYS) {
            String text = JSON.readTree(AlertPayloads.slack(
                            Alert.single(AlertFixtures.finding("f1", "conservation", "inventory", key))))
                    .get("text")
                    .asText();
            assertFalse(text.contains("<"), key + " → " + text);
            assertFalse(text.contains(">"), key + " → " + text);
            assertFalse(
                    text.replace("&amp;", "")
                            .replace("&lt;", "")
                            .replace("&gt;", "")
                            .contains("&"),
                    text);
            assertEquals(
                    1,
                    text.lines().filter(line -> line.contains("conservation")).count(),
                    text);
            assertFalse(text.contains("\n:white_check_mark"), "the data started a line of its own: " + text);
            assertFalse(text.chars().anyMatch(c -> c < 0x20 && c != '\n'), "a control character: " + text);
            assertFalse(
                    text.chars().anyMatch(c -> c == 0x2028 || c == 0x2029 || c == 0x202E || c == 0x200B),
                    "a line separator or an invisible character: " + text);
        }
        String escaped = JSON.readTree(AlertPayloads.slack(
                        Alert.single(AlertFixtures.finding("f1", "conservation", "inventory", "<!channel>"))))
                .get("text")
                .asText();
        assertTrue(escaped.contains("&lt;!channel&gt;"), escaped);
    }

    @Test
    void slack_anyMessage_noLinkPreviews() throws Exception {
        JsonNode message = JSON.readTree(AlertPayloads.slack(
                Alert.single(AlertFixtures.finding("f1", "conservation", "inventory", "https://evil.example/x.png"))));
        assertFalse(message.get("unfurl_links").asBoolean(true));
        assertFalse(message.get("unfurl_media").asBoolean(true));
    }

    @Test
    void cut_beforeAnEmoji_neverHalfAPair() {
        String text = "a".repeat(9) + "😀";
        assertEquals("a".repeat(9), AlertPayloads.cut(text, 10));
    }

    @Test
    void slack_hostileKeysInADigest_escapedToo() throws Exception {
        List<dev.driftwatch.finding.Finding> findings = new java.util.ArrayList<>();
        for (int i = 0; i < HOSTILE_KEYS.size(); i++) {
            findings.add(AlertFixtures.finding("f" + i, "conservation", "inventory", HOSTILE_KEYS.get(i)));
        }
        String text = JSON.readTree(AlertPayloads.slack(Alert.digestOf(findings)))
                .get("text")
                .asText();
        assertFalse(text.contains("<!"), text);
        assertFalse(text.contains("<http"), text);
    }

    /** Slack shows a section of at most 3,000 characters; a 2 KB key and a 4 KB message must not make it more. */
    @Test
    void slack_hugeKeyAndMessage_textCapped() throws Exception {
        dev.driftwatch.finding.Finding huge =
                AlertFixtures.finding("f1", "conservation", "inventory", "k".repeat(2048)).toBuilder()
                        .message("m".repeat(4096))
                        .build();
        String text = JSON.readTree(AlertPayloads.slack(Alert.single(huge)))
                .get("text")
                .asText();
        assertTrue(text.length() <= AlertPayloads.SLACK_TEXT_LIMIT, "length " + text.length());
    }

    /**
     * SNS takes at most 256 KB per message, attributes included: a digest of findings with 4 KB messages, 2 KB
     * keys and long stamps must fit (the details of fewer findings, said so).
     */
    @Test
    void generic_digestOfLargestFindings_fitsSns() throws Exception {
        List<dev.driftwatch.finding.Finding> many = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(
                    AlertFixtures.finding(
                                    String.format("f%05d", i), "conservation", "inventory", "k" + i + "é".repeat(1000))
                            .toBuilder()
                            .message("€".repeat(4096))
                            .writer(java.util.Optional.of("w".repeat(512)))
                            .writeId(java.util.Optional.of("i".repeat(512)))
                            .build());
        }
        String body = AlertPayloads.generic(Alert.digestOf(many));
        int bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(bytes <= AlertPayloads.SNS_MESSAGE_LIMIT, "bytes " + bytes);
        JsonNode digest = JSON.readTree(body);
        assertEquals(200, digest.get("count").asInt());
        assertTrue(digest.get("findings").size() >= 1, "some details still");
        assertEquals(true, digest.get("truncated").asBoolean());

        String single = AlertPayloads.generic(Alert.single(many.get(0)));
        assertTrue(single.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= AlertPayloads.SNS_MESSAGE_LIMIT);
    }

    @Test
    void pagerDuty_hugeKey_componentAndItemsCapped() throws Exception {
        JsonNode event = JSON.readTree(AlertPayloads.pagerDuty(
                Alert.single(AlertFixtures.finding("f1", "conservation", "inventory", "k".repeat(2048))), "K"));
        assertTrue(event.at("/payload/component").asText().length() <= AlertPayloads.KEY_SHOWN + 1);
        assertTrue(event.at("/payload/custom_details/items/0").asText().length() <= AlertPayloads.KEY_SHOWN + 1);
        assertTrue(event.at("/payload/summary").asText().length() <= AlertPayloads.PAGERDUTY_SUMMARY_LIMIT);
    }
}
