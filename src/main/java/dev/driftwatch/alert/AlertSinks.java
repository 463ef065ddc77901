package dev.driftwatch.alert;

import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.SinkConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;

/** Builds the configured sinks, reading their secrets from the environment variables the configuration names. */
public final class AlertSinks {
    public static final URI PAGERDUTY_EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");

    private AlertSinks() {}

    /**
     * @throws ConfigException when a named variable is unset or holds no usable URL
     */
    public static List<AlertSink> build(
            List<SinkConfig> sinks, Map<String, String> environment, Supplier<SnsClient> sns) {
        HttpClient http = null;
        List<AlertSink> built = new ArrayList<>();
        for (SinkConfig sink : sinks) {
            if (sink instanceof SinkConfig.Log log) {
                built.add(new LogAlertSink(log.name()));
            } else if (sink instanceof SinkConfig.Webhook webhook) {
                if (http == null) {
                    http = HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .build();
                }
                URI url = webhook.urlVariable().isPresent()
                        ? url(
                                webhook.name(),
                                webhook.urlVariable().get(),
                                secret(webhook.name(), webhook.urlVariable().get(), environment))
                        : PAGERDUTY_EVENTS;
                Optional<String> routingKey =
                        webhook.routingKeyVariable().map(variable -> secret(webhook.name(), variable, environment));
                built.add(new WebhookAlertSink(webhook.name(), url, webhook.format(), routingKey, http));
            } else if (sink instanceof SinkConfig.Sns topic) {
                built.add(new SnsAlertSink(topic.name(), sns.get(), topic.topicArn()));
            } else {
                throw new IllegalStateException("unknown sink configuration " + sink);
            }
        }
        return built;
    }

    private static String secret(String sink, String variable, Map<String, String> environment) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new ConfigException("alerts sink '" + sink + "': environment variable " + variable + " is not set");
        }
        return value.trim();
    }

    private static URI url(String sink, String variable, String value) {
        try {
            URI url = new URI(value);
            if (("https".equals(url.getScheme()) || "http".equals(url.getScheme())) && url.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below, without echoing the secret
        }
        throw new ConfigException(
                "alerts sink '" + sink + "': environment variable " + variable + " does not hold an http(s) URL");
    }
}
