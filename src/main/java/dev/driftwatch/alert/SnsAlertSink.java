package dev.driftwatch.alert;

import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes each alert (the generic JSON) to a topic, with message attributes {@code rule},
 * {@code severity} and {@code table} for subscription filter policies.
 */
public final class SnsAlertSink implements AlertSink {
    private static final int SUBJECT_LIMIT = 100;

    private final String name;
    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertSink(String name, SnsClient sns, String topicArn) {
        this.name = name;
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert) {
        sns.publish(b -> b.topicArn(topicArn)
                .subject(subject(alert))
                .message(AlertPayloads.generic(alert))
                .messageAttributes(Map.of(
                        "rule", text(alert.ruleId()),
                        "severity", text(alert.severity().name()),
                        "table", text(alert.table()))));
    }

    /** SNS subjects are printable ASCII, no line breaks, under 100 characters. */
    static String subject(Alert alert) {
        String subject = ("driftwatch: " + alert.summary()).replaceAll("[^\\x20-\\x7E]", "?");
        return subject.length() < SUBJECT_LIMIT ? subject : subject.substring(0, SUBJECT_LIMIT - 4) + "...";
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}
