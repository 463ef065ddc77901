package dev.driftwatch.config;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One alert sink. Secrets (webhook URLs, routing keys) are never in the file: the file names the
 * environment variables that hold them, read when the sink is built.
 */
public sealed interface SinkConfig {
    Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    /** Recorded per finding in the outbox ({@code alertSentTo}); stable across restarts. */
    String name();

    /** One structured JSON line per alert in the daemon's log. */
    record Log(String name) implements SinkConfig {
        public Log {
            checkName(name);
        }
    }

    /**
     * An HTTP POST per alert. {@code urlVariable} names the variable holding the URL (optional for
     * PagerDuty, whose Events API v2 URL is the default); {@code routingKeyVariable} the PagerDuty key.
     */
    record Webhook(String name, WebhookFormat format, Optional<String> urlVariable, Optional<String> routingKeyVariable)
            implements SinkConfig {
        public Webhook {
            checkName(name);
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(urlVariable, "urlVariable");
            Objects.requireNonNull(routingKeyVariable, "routingKeyVariable");
            if (format != WebhookFormat.PAGERDUTY && urlVariable.isEmpty()) {
                throw new IllegalArgumentException("alerts sink '" + name + "': urlEnv is required: the name of the "
                        + "environment variable that holds the webhook URL");
            }
            if (format == WebhookFormat.PAGERDUTY && routingKeyVariable.isEmpty()) {
                throw new IllegalArgumentException(
                        "alerts sink '" + name + "': routingKeyEnv is required for pagerduty: "
                                + "the name of the environment variable that holds the integration's routing key");
            }
        }
    }

    /** Publish to an SNS topic with message attributes rule, severity and table. */
    record Sns(String name, String topicArn) implements SinkConfig {
        public Sns {
            checkName(name);
            if (topicArn == null || !topicArn.startsWith("arn:")) {
                throw new IllegalArgumentException(
                        "alerts sink '" + name + "': topicArn: expected an SNS topic ARN, got: '" + topicArn + "'");
            }
        }
    }

    /** The body a webhook posts. */
    enum WebhookFormat {
        GENERIC,
        SLACK,
        PAGERDUTY
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("alerts sink name: expected lower case letters, digits and '-' "
                    + "(at most 40, starting with a letter), got: '" + name + "'");
        }
    }
}
