package dev.driftwatch.alert;

import static dev.driftwatch.alert.AlertFixtures.finding;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftwatch.support.SubscribedQueue;
import dev.driftwatch.support.TestEndpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SNS sink against the local endpoint: an SQS queue subscribed to the topic reads the alerts back. */
class SnsAlertSinkIT {
    @Test
    void send_singleAndDigest_queueReceivesBothWithAttributes() {
        try (SubscribedQueue queue = new SubscribedQueue()) {
            SnsAlertSink sink = new SnsAlertSink("sns", TestEndpoint.clients().sns(), queue.topicArn());
            sink.send(Alert.single(finding("f1")));
            sink.send(Alert.digestOf(List.of(finding("f2"), finding("f3"))));

            List<JsonNode> envelopes = new ArrayList<>(queue.receive(2));
            assertEquals(2, envelopes.size());
            envelopes.sort(Comparator.comparing(e -> e.get("Subject").asText()));
            JsonNode digest = envelopes.get(0);
            JsonNode single = envelopes.get(1);

            assertEquals(
                    "driftwatch: CRITICAL 2 conservation findings on inventory (items sku-f2, sku-f3, 2 units lost)",
                    digest.get("Subject").asText());
            assertEquals(
                    Map.of("rule", "conservation", "severity", "CRITICAL", "table", "inventory"),
                    SubscribedQueue.attributes(digest));
            assertEquals(
                    "digest-f2", SubscribedQueue.body(digest).get("dedupKey").asText());
            assertEquals(2, SubscribedQueue.body(digest).get("count").asInt());

            assertEquals(
                    Map.of("rule", "conservation", "severity", "CRITICAL", "table", "inventory"),
                    SubscribedQueue.attributes(single));
            assertEquals("f1", SubscribedQueue.body(single).get("dedupKey").asText());
            assertEquals(
                    "sku-f1",
                    SubscribedQueue.body(single)
                            .get("findings")
                            .get(0)
                            .get("itemKey")
                            .asText());
        }
    }
}
