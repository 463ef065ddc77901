package dev.driftwatch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A fresh SNS topic with an SQS queue subscribed to it on the test endpoint: what the topic got, read back. */
public final class SubscribedQueue implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String topicArn;
    private final String queueUrl;

    public SubscribedQueue() {
        AwsClients clients = TestEndpoint.clients();
        topicArn = clients.sns()
                .createTopic(b -> b.name(TestEndpoint.unique("alerts")))
                .topicArn();
        sqs = SqsClient.builder()
                .endpointOverride(TestEndpoint.url())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        queueUrl =
                sqs.createQueue(b -> b.queueName(TestEndpoint.unique("alerts"))).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        clients.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    }

    public String topicArn() {
        return topicArn;
    }

    /**
     * The SNS envelopes received (Subject, Message, MessageAttributes): polling until {@code expected} arrived
     * or ten empty polls, and then on until two more polls come back empty, so that a delivery beyond the
     * expected ones is returned too and a caller's count can see it.
     */
    public List<JsonNode> receive(int expected) {
        List<JsonNode> envelopes = new ArrayList<>();
        int emptyPolls = 0;
        while ((envelopes.size() < expected && emptyPolls < 10) || (envelopes.size() >= expected && emptyPolls < 2)) {
            List<Message> messages = sqs.receiveMessage(
                            b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            boolean reached = envelopes.size() >= expected;
            emptyPolls = messages.isEmpty() ? emptyPolls + 1 : 0;
            if (!reached && envelopes.size() + messages.size() >= expected) {
                emptyPolls = 0; // from here, count the quiet polls after the expected ones arrived
            }
            for (Message message : messages) {
                envelopes.add(read(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return envelopes;
    }

    /** The alert a message carries: the generic JSON that the sink published. */
    public static JsonNode body(JsonNode envelope) {
        return read(envelope.get("Message").asText());
    }

    public static Map<String, String> attributes(JsonNode envelope) {
        Map<String, String> values = new TreeMap<>();
        envelope.get("MessageAttributes")
                .fields()
                .forEachRemaining(entry ->
                        values.put(entry.getKey(), entry.getValue().get("Value").asText()));
        return values;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
