package dev.driftwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftwatch.config.ConfigException;
import dev.driftwatch.config.SinkConfig;
import dev.driftwatch.config.SinkConfig.WebhookFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertSinksTest {
    private final SinkConfig slack =
            new SinkConfig.Webhook("slack", WebhookFormat.SLACK, Optional.of("SLACK_URL"), Optional.empty());

    @Test
    void build_variablesSet_sinksNamedAsConfigured() {
        List<AlertSink> sinks = AlertSinks.build(
                List.of(
                        new SinkConfig.Log("log"),
                        slack,
                        new SinkConfig.Webhook("pd", WebhookFormat.PAGERDUTY, Optional.empty(), Optional.of("PD_KEY"))),
                Map.of("SLACK_URL", "https://hooks.slack.com/services/T/B/x", "PD_KEY", "abc"),
                () -> {
                    throw new AssertionError("no SNS sink configured");
                });
        assertEquals(
                List.of("log", "slack", "pd"),
                sinks.stream().map(AlertSink::name).toList());
    }

    @Test
    void build_variableUnset_namesSinkAndVariable() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> AlertSinks.build(List.of(slack), Map.of(), () -> null));
        assertEquals("alerts sink 'slack': environment variable SLACK_URL is not set", e.getMessage());
    }

    @Test
    void build_variableNotAUrl_saysSoWithoutEchoingIt() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> AlertSinks.build(List.of(slack), Map.of("SLACK_URL", "s3cr3t"), () -> null));
        assertEquals(
                "alerts sink 'slack': environment variable SLACK_URL does not hold an http(s) URL", e.getMessage());
    }
}
