package dev.driftwatch.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Alerting: findings at or above {@code minSeverity} enter the outbox and go to every sink. A sink
 * that fails is retried {@code retryAttempts} times from {@code retryBackoff}, doubling; what is
 * still pending is tried again every {@code resumeInterval}. More than {@code digestAfter} alerts of
 * one rule and table within {@code digestWindow} become one digest.
 */
public record AlertsConfig(
        String minSeverity,
        List<SinkConfig> sinks,
        int retryAttempts,
        Duration retryBackoff,
        Duration resumeInterval,
        int digestAfter,
        Duration digestWindow) {

    /**
     * The severity names, lowest first. They are the finding package's {@code Severity} constants: config
     * imports no domain package, and a test holds the two lists equal.
     */
    public static final List<String> SEVERITIES = List.of("INFO", "WARNING", "ERROR", "CRITICAL");

    public static final AlertsConfig DEFAULT = new AlertsConfig(
            "ERROR",
            List.of(new SinkConfig.Log("log")),
            5,
            Duration.ofSeconds(1),
            Duration.ofSeconds(60),
            10,
            Duration.ofMinutes(5));

    public AlertsConfig {
        minSeverity = severityName(minSeverity);
        sinks = List.copyOf(sinks);
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("alerts.sinks: at least one sink is needed (type: log always works)");
        }
        Set<String> names = new HashSet<>();
        for (SinkConfig sink : sinks) {
            if (!names.add(sink.name())) {
                throw new IllegalArgumentException(
                        "alerts.sinks: two sinks are named '" + sink.name() + "'; give each a distinct name");
            }
        }
        if (retryAttempts < 1) {
            throw new IllegalArgumentException("alerts.retry.attempts: expected at least 1, got: " + retryAttempts);
        }
        positive("alerts.retry.backoffMillis", retryBackoff);
        positive("alerts.resumeIntervalSeconds", resumeInterval);
        if (digestAfter < 1) {
            throw new IllegalArgumentException("alerts.digest.after: expected at least 1, got: " + digestAfter);
        }
        positive("alerts.digest.windowSeconds", digestWindow);
    }

    /** A severity name, upper-cased, or an error naming the accepted ones. */
    public static String severityName(String value) {
        Objects.requireNonNull(value, "minSeverity");
        String name = value.trim().toUpperCase(Locale.ROOT);
        if (!SEVERITIES.contains(name)) {
            throw new IllegalArgumentException(
                    "expected one of " + String.join(", ", SEVERITIES) + ", got: '" + value + "'");
        }
        return name;
    }

    /** The default policy with another threshold. */
    public static AlertsConfig from(String minSeverity) {
        return DEFAULT.withMinSeverity(minSeverity);
    }

    public AlertsConfig withMinSeverity(String newMinSeverity) {
        return new AlertsConfig(
                newMinSeverity, sinks, retryAttempts, retryBackoff, resumeInterval, digestAfter, digestWindow);
    }

    public AlertsConfig withSinks(List<SinkConfig> newSinks) {
        return new AlertsConfig(
                minSeverity, newSinks, retryAttempts, retryBackoff, resumeInterval, digestAfter, digestWindow);
    }

    public AlertsConfig withTimings(int attempts, Duration backoff, Duration resume) {
        return new AlertsConfig(minSeverity, sinks, attempts, backoff, resume, digestAfter, digestWindow);
    }

    public AlertsConfig withDigest(int after, Duration window) {
        return new AlertsConfig(minSeverity, sinks, retryAttempts, retryBackoff, resumeInterval, after, window);
    }

    public List<String> sinkNames() {
        return sinks.stream().map(SinkConfig::name).toList();
    }

    private static void positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + ": expected more than zero, got: " + value);
        }
    }
}
