package dev.driftwatch.config;

import dev.driftwatch.validation.Require;
import java.util.Optional;

/**
 * The daemon's own CloudWatch metrics: off without a namespace (the local endpoint), on in the AWS configuration,
 * so that alarms watch what the daemon counts, not log text that needs shipping.
 *
 * @param namespace where PutMetricData writes; empty: no CloudWatch metrics
 * @param intervalSeconds how often the counts since the last publication are sent
 */
public record CloudWatchConfig(Optional<String> namespace, int intervalSeconds) {
    public static final CloudWatchConfig OFF = new CloudWatchConfig(Optional.empty(), 60);

    public CloudWatchConfig {
        namespace.ifPresent(n -> Require.notBlank("cloudwatch.namespace", n));
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw new IllegalArgumentException(
                    "cloudwatch.intervalSeconds: expected 1 to 3600, got: " + intervalSeconds);
        }
    }
}
