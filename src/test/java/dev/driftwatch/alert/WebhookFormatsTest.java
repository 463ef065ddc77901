package dev.driftwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftwatch.config.SinkConfig.WebhookFormat;
import dev.driftwatch.support.WebhookReceiver;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Slack and generic formats, sent over HTTP to a loopback receiver and read back as it got them (issue 16). */
class WebhookFormatsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode sendOne(WebhookFormat format, Alert alert) throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            new WebhookAlertSink("hook", receiver.url(), format, Optional.empty(), http).send(alert);
            assertEquals(1, receiver.accepted.size(), receiver.accepted.toString());
            return receiver.accepted.get(0);
        }
    }

    @Test
    void send_slackFormat_textWithSummaryAndFindingId() throws Exception {
        JsonNode body = sendOne(WebhookFormat.SLACK, Alert.single(AlertFixtures.finding("f1")));

        String text = body.get("text").asText();
        assertTrue(text.startsWith(":rotating_light: *driftwatch* CRITICAL conservation"), text);
        assertTrue(text.endsWith("finding `f1`"), text);
    }

    @Test
    void send_genericFormatDigest_findingsByTheirFieldNames() throws Exception {
        JsonNode body = sendOne(
                WebhookFormat.GENERIC,
                Alert.digestOf(List.of(AlertFixtures.finding("f2"), AlertFixtures.finding("f3"))));

        assertEquals("digest", body.get("type").asText());
        assertEquals(2, body.get("count").asInt());
        assertEquals("sku-f2", body.get("findings").get(0).get("itemKey").asText());
        assertEquals("conservation", body.get("findings").get(1).get("rule").asText());
    }
}
