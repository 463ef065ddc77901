package dev.driftwatch.alert;

import dev.driftwatch.config.SinkConfig.WebhookFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** POSTs each alert as JSON; any answer other than 2xx is a failed send, retried by the dispatcher. */
public final class WebhookAlertSink implements AlertSink {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final URI url;
    private final WebhookFormat format;
    private final Optional<String> routingKey;
    private final HttpClient http;

    public WebhookAlertSink(String name, URI url, WebhookFormat format, Optional<String> routingKey, HttpClient http) {
        this.name = name;
        this.url = url;
        this.format = format;
        this.routingKey = routingKey;
        this.http = http;
        if (format == WebhookFormat.PAGERDUTY && routingKey.isEmpty()) {
            throw new IllegalArgumentException("a pagerduty webhook needs a routing key");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert) throws IOException, InterruptedException {
        String body = switch (format) {
            case GENERIC -> AlertPayloads.generic(alert);
            case SLACK -> AlertPayloads.slack(alert);
            case PAGERDUTY -> AlertPayloads.pagerDuty(alert, routingKey.orElseThrow());
        };
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "driftwatch")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String answer = response.body() == null ? "" : response.body().strip();
            throw new IOException("HTTP " + response.statusCode() + " from " + url.getHost()
                    + (answer.isEmpty() ? "" : ": " + answer.substring(0, Math.min(200, answer.length()))));
        }
    }
}
