package dev.driftwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.finding.Severity;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
    @Test
    void severities_configNamesEqualFindingSeverities_sameOrder() {
        assertEquals(java.util.Arrays.stream(Severity.values()).map(Enum::name).toList(), AlertsConfig.SEVERITIES);
    }

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("driftwatch.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String message(ConfigLoader loader, Path file) {
        return assertThrows(ConfigException.class, () -> loader.load(file)).getMessage();
    }

    @Test
    void load_shippedConfig_readsEveryKey() {
        DriftwatchConfig config = new ConfigLoader(Map.of()).load(Path.of("config/driftwatch.yaml"));
        assertEquals(Endpoint.Kind.LOCAL, config.endpoint().kind());
        assertEquals("inventory", config.table().name());
        assertEquals("lastDelta", config.table().attributes().delta());
        assertEquals("driftwatch-findings", config.audit().table());
        assertEquals("driftwatch-inventory", config.consumer().application());
        assertEquals(200, config.consumer().idleBetweenReadsMillis());
        assertEquals(5000, config.consumer().failoverMillis());
        assertEquals(0, config.consumer().shardSyncIntervalMillis());
        assertEquals(10_000, config.consumer().leaderLeaseMillis());
        assertEquals("ERROR", config.alerts().minSeverity());
    }

    @Test
    void load_minimalFile_appliesProductionDefaults() throws IOException {
        DriftwatchConfig config = new ConfigLoader(Map.of()).load(write("table: {name: orders}\n"));
        assertEquals(Endpoint.Kind.AWS, config.endpoint().kind());
        assertEquals("driftwatch-orders", config.consumer().application());
        assertEquals(1000, config.consumer().idleBetweenReadsMillis());
        assertEquals(0, config.consumer().shardSyncIntervalMillis(), "no sleep after a shard sync");
        assertEquals(0, config.consumer().leaderLeaseMillis(), "0 keeps KCL's own leader lease");
        assertEquals(BigDecimal.ZERO, config.table().floor());
        assertEquals(1, config.table().initialVersion());
    }

    /** Each refusal names the file, the key and what was expected, in one line. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(
                        "unknown key", "table: {name: orders, colour: red}\n", Map.of(), "table.colour: unknown key"),
                Arguments.of(
                        "bad number",
                        "table: {name: orders, floor: lots}\n",
                        Map.of(),
                        "table.floor: expected a number, got: 'lots'"),
                Arguments.of(
                        "bad enum",
                        "table: {name: orders}\nconsumer: {initialPosition: EARLIEST}\n",
                        Map.of(),
                        "consumer.initialPosition: expected TRIM_HORIZON or LATEST, got: 'EARLIEST'"),
                Arguments.of(
                        "maxRecords out of range",
                        "table: {name: orders}\nconsumer: {maxRecords: 5000}\n",
                        Map.of(),
                        "consumer.maxRecords: expected 1 to 1000, got: 5000"),
                Arguments.of(
                        "leader lease too short",
                        "table: {name: orders}\nconsumer: {leaderLeaseMillis: 500}\n",
                        Map.of(),
                        "consumer.leaderLeaseMillis must be 0 (KCL's default) or at least 3000, got: 500"),
                Arguments.of(
                        "missing table name",
                        "region: eu-west-1\n",
                        Map.of(),
                        "table.name: required: the name of the watched table"),
                Arguments.of(
                        "misspelt environment override",
                        "table: {name: orders}\n",
                        Map.of("DRIFTWATCH_ALERTS_MIN_SEVERITY", "CRITICAL"),
                        "environment: DRIFTWATCH_ALERTS_MIN_SEVERITY matches no configuration key (did you mean "
                                + "DRIFTWATCH_ALERTS_MINSEVERITY?)"),
                Arguments.of(
                        "sinks from the environment",
                        "table: {name: orders}\nalerts: {sinks: [{type: log}]}\n",
                        Map.of("DRIFTWATCH_ALERTS_SINKS", "log"),
                        "environment: DRIFTWATCH_ALERTS_SINKS matches no configuration key"),
                Arguments.of(
                        "redaction emptied from the environment",
                        "table: {name: orders}\naudit: {redact: [card]}\n",
                        Map.of("DRIFTWATCH_AUDIT_REDACT", ""),
                        "audit.redact: empty: remove the key to take its default, or give it a value"),
                Arguments.of(
                        "redacting the key",
                        "table: {name: orders}\naudit: {redact: [sku]}\n",
                        Map.of(),
                        "audit.redact: 'sku' is a key attribute of orders: it names the item in every finding and "
                                + "cannot be redacted"),
                Arguments.of(
                        "empty value in the file",
                        "table: {name: orders, floor: }\n",
                        Map.of(),
                        "table.floor: empty: remove the key to take its default, or give it a value"),
                Arguments.of(
                        "empty environment override",
                        "table: {name: orders}\n",
                        Map.of("DRIFTWATCH_CONSUMER_APPLICATION", ""),
                        "consumer.application: empty: remove the key to take its default, or give it a value"),
                Arguments.of(
                        "bad environment value",
                        "table: {name: orders}\n",
                        Map.of("DRIFTWATCH_ALERTS_MINSEVERITY", "LOUD"),
                        "alerts.minSeverity: expected one of INFO, WARNING, ERROR, CRITICAL, got: 'LOUD'"),
                Arguments.of(
                        "bad endpoint",
                        "endpoint: somewhere\ntable: {name: orders}\n",
                        Map.of(),
                        "endpoint: expected 'local', empty or an http(s) URL, got: 'somewhere'"),
                Arguments.of(
                        "webhook url in file",
                        "table: {name: orders}\nalerts: {sinks: [{type: webhook, url: 'https://hooks.slack.com/x'}]}\n",
                        Map.of(),
                        "alerts.sinks[0].url: secrets stay out of the file: put it in an environment variable and name that variable in urlEnv"),
                Arguments.of(
                        "pagerduty without routing key",
                        "table: {name: orders}\nalerts: {sinks: [{type: webhook, format: pagerduty}]}\n",
                        Map.of(),
                        "alerts sink 'webhook': routingKeyEnv is required for pagerduty: the name of the environment variable that holds the integration's routing key"),
                Arguments.of(
                        "unknown key in sink",
                        "table: {name: orders}\nalerts: {sinks: [{type: log}, {type: sns, topicArn: 'arn:x', colour: red}]}\n",
                        Map.of(),
                        "alerts.sinks[1].colour: unknown key"),
                Arguments.of(
                        "two sinks one name",
                        "table: {name: orders}\nalerts: {sinks: [{type: log}, {type: log}]}\n",
                        Map.of(),
                        "alerts.sinks: two sinks are named 'log'; give each a distinct name"),
                Arguments.of(
                        "unknown sink type",
                        "table: {name: orders}\nalerts: {sinks: [{type: email}]}\n",
                        Map.of(),
                        "alerts.sinks[0].type: expected log, webhook or sns, got: 'email'"),
                Arguments.of(
                        "sharded counters not a bool",
                        "table: {name: orders, shardedCounters: maybe}\n",
                        Map.of(),
                        "table.shardedCounters: expected true or false, got: 'maybe'"),
                Arguments.of(
                        "stream-gap state neither memory nor durable",
                        "table: {name: orders}\naudit: {streamGapState: dynamodb}\n",
                        Map.of(),
                        "audit.streamGapState: expected memory or durable, got: 'dynamodb'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void load_badValue_oneLineNamingFileKeyAndExpectation(
            String name, String yaml, Map<String, String> environment, String expected) throws IOException {
        Path file = write(yaml);
        assertEquals(file + ": " + expected, message(new ConfigLoader(environment), file));
    }

    /** Names that share the prefix but are no key by design: the launcher's, and the secrets the file names. */
    @Test
    void load_launcherAndSecretVariables_notTakenForTypos() throws IOException {
        DriftwatchConfig config = new ConfigLoader(Map.of(
                        "DRIFTWATCH_HOME", "/tmp/x",
                        "DRIFTWATCH_JAVA_OPTS", "-Xmx1g",
                        "DRIFTWATCH_LOG_LEVEL", "DEBUG",
                        "DRIFTWATCH_SERVICE_HOST", "10.0.0.7", // Kubernetes, for a Service named driftwatch
                        "DRIFTWATCH_PORT_9464_TCP_ADDR", "10.0.0.7",
                        "DRIFTWATCH_SLACK_URL", "https://hooks.example/x",
                        "DRIFTWATCH_TABLE_NAME", "stock"))
                .load(write("table: {name: orders}\n"
                        + "alerts: {sinks: [{type: webhook, format: slack, urlEnv: DRIFTWATCH_SLACK_URL}]}\n"));
        assertEquals("stock", config.table().name());
    }

    @Test
    void load_emptyEndpoint_meansAws() throws IOException {
        DriftwatchConfig config = new ConfigLoader(Map.of()).load(write("endpoint:\ntable: {name: orders}\n"));
        assertEquals(Endpoint.Kind.AWS, config.endpoint().kind());
    }

    @Test
    void load_environmentOverride_winsOverFile() throws IOException {
        ConfigLoader loader = new ConfigLoader(Map.of(
                "DRIFTWATCH_TABLE_NAME",
                "stock",
                "DRIFTWATCH_CONSUMER_IDLEBETWEENREADSMILLIS",
                "500",
                "DRIFTWATCH_ENDPOINT",
                "http://127.0.0.1:4566"));
        DriftwatchConfig config = loader.load(write("table: {name: orders}\n"));
        assertEquals("stock", config.table().name());
        assertEquals(500, config.consumer().idleBetweenReadsMillis());
        assertEquals(
                "http://127.0.0.1:4566", config.endpoint().url().orElseThrow().toString());
    }

    @Test
    void load_workerIdFromTheEnvironment_keptAsIs() throws IOException {
        DriftwatchConfig config = new ConfigLoader(Map.of("DRIFTWATCH_CONSUMER_WORKERID", "driftwatch-0"))
                .load(write("table: {name: orders}\n"));
        assertEquals("driftwatch-0", config.consumer().workerId());
        assertEquals(
                "",
                new ConfigLoader(Map.of())
                        .load(write("table: {name: orders}\n"))
                        .consumer()
                        .workerId(),
                "unset: a new one per start");
    }

    @Test
    void load_workerIdWithSpaces_refusedInOneLine() throws IOException {
        Path file = write("table: {name: orders}\nconsumer: {workerId: 'my worker'}\n");
        String message = message(new ConfigLoader(Map.of()), file);
        assertEquals(
                true,
                message.contains("consumer.workerId must be 1 to 128 letters, digits or . _ : @ / -")
                        && message.contains("'my worker'")
                        && !message.contains("\n"),
                message);
    }

    @Test
    void load_missingFile_saysSo() {
        Path file = dir.resolve("nope.yaml");
        assertEquals(file + ": no such file", message(new ConfigLoader(Map.of()), file));
    }

    @Test
    void load_invalidYaml_saysNotValid() throws IOException {
        Path file = write("table: [unclosed\n");
        assertEquals(true, message(new ConfigLoader(Map.of()), file).startsWith(file + ": not valid YAML: "));
    }

    @Test
    void load_alertSinks_eachTypeWithItsKeys() throws IOException {
        DriftwatchConfig config = new ConfigLoader(Map.of()).load(write("""
                table: {name: orders}
                alerts:
                  minSeverity: CRITICAL
                  retry: {attempts: 7, backoffMillis: 250}
                  resumeIntervalSeconds: 30
                  digest: {after: 4, windowSeconds: 120}
                  sinks:
                    - {type: log}
                    - {type: webhook, name: slack-oncall, format: slack, urlEnv: SLACK_URL}
                    - {type: webhook, name: pagerduty, format: pagerduty, routingKeyEnv: PD_KEY}
                    - {type: sns, topicArn: "arn:aws:sns:us-east-1:123456789012:driftwatch"}
                """));
        AlertsConfig alerts = config.alerts();
        assertEquals("CRITICAL", alerts.minSeverity());
        assertEquals(
                List.of(
                        new SinkConfig.Log("log"),
                        new SinkConfig.Webhook(
                                "slack-oncall",
                                SinkConfig.WebhookFormat.SLACK,
                                Optional.of("SLACK_URL"),
                                Optional.empty()),
                        new SinkConfig.Webhook(
                                "pagerduty",
                                SinkConfig.WebhookFormat.PAGERDUTY,
                                Optional.empty(),
                                Optional.of("PD_KEY")),
                        new SinkConfig.Sns("sns", "arn:aws:sns:us-east-1:123456789012:driftwatch")),
                alerts.sinks());
        assertEquals(7, alerts.retryAttempts());
        assertEquals(Duration.ofMillis(250), alerts.retryBackoff());
        assertEquals(Duration.ofSeconds(30), alerts.resumeInterval());
        assertEquals(4, alerts.digestAfter());
        assertEquals(Duration.ofMinutes(2), alerts.digestWindow());
    }

    @Test
    void load_noAlertsSection_logSinkOnly() throws IOException {
        DriftwatchConfig config = new ConfigLoader(Map.of()).load(write("table: {name: orders}\n"));
        assertEquals(List.of("log"), config.alerts().sinkNames());
    }

    @Test
    void load_shardedCounters_flagRead() throws IOException {
        assertEquals(
                true,
                new ConfigLoader(Map.of())
                        .load(write("table: {name: orders, shardedCounters: true}\n"))
                        .table()
                        .shardedCounters());
    }

    /** Issue 22: what writers without stamps do, read whole or refused with the key. */
    @Test
    void load_unstampedWriters_readWholeOrRefusedOneLine() throws IOException {
        UnstampedWriters writers = new ConfigLoader(Map.of())
                .load(write("table: {name: orders, unstamped: {writeMarker: updated_at, counters: [quantity],"
                        + " units: [-1]}}\n"))
                .table()
                .unstamped()
                .orElseThrow();
        assertEquals(
                new UnstampedWriters(
                        "updated_at", java.util.List.of("quantity"), java.util.List.of(new java.math.BigDecimal("-1"))),
                writers);
        assertEquals(
                java.util.Optional.empty(),
                new ConfigLoader(Map.of())
                        .load(write("table: {name: orders}\n"))
                        .table()
                        .unstamped());

        String noMarker = message(
                new ConfigLoader(Map.of()), write("table: {name: orders, unstamped: {counters: [quantity]}}\n"));
        assertTrue(noMarker.contains("table.unstamped.writeMarker: required"), noMarker);
        String noCounter = message(
                new ConfigLoader(Map.of()), write("table: {name: orders, unstamped: {writeMarker: updated_at}}\n"));
        assertTrue(noCounter.contains(": table.unstamped.counters: name at least one attribute"), noCounter);
        String keyCounter = message(
                new ConfigLoader(Map.of()),
                write("table: {name: orders, unstamped: {writeMarker: u, counters: [sku]}}\n"));
        assertTrue(keyCounter.contains("table.unstamped.counters: 'sku' is a key attribute"), keyCounter);
        String badUnit = message(
                new ConfigLoader(Map.of()),
                write("table: {name: orders, unstamped: {writeMarker: u, counters: [q], units: [one]}}\n"));
        assertTrue(badUnit.contains("table.unstamped.units: expected numbers, got: 'one'"), badUnit);
    }

    /**
     * Counters some writes leave alone (a rename sets updated_at and name): no counter-unchanged, stale-base only, so
     * units are needed; with units, no marker is needed either.
     */
    @Test
    void load_unstampedCountersNotAlwaysChanged_unitsRequiredMarkerOptional() throws IOException {
        UnstampedWriters sometimes = new ConfigLoader(Map.of())
                .load(write("table: {name: orders, unstamped: {writeMarker: updated_at, counters: [quantity],"
                        + " units: [-1, 1], countersAlwaysChange: false}}\n"))
                .table()
                .unstamped()
                .orElseThrow();
        assertEquals(false, sometimes.counterUnchanged());
        assertEquals(true, sometimes.staleBase());
        UnstampedWriters noMarker = new ConfigLoader(Map.of())
                .load(write("table: {name: orders, unstamped: {counters: [quantity], units: [-1]}}\n"))
                .table()
                .unstamped()
                .orElseThrow();
        assertEquals(java.util.Optional.empty(), noMarker.writeMarker());
        assertEquals(false, noMarker.counterUnchanged());

        String nothing = message(
                new ConfigLoader(Map.of()),
                write(
                        "table: {name: orders, unstamped: {writeMarker: u, counters: [q], countersAlwaysChange: false}}\n"));
        assertTrue(nothing.contains("table.unstamped.units: required with countersAlwaysChange: false"), nothing);
        String notBoolean = message(
                new ConfigLoader(Map.of()),
                write(
                        "table: {name: orders, unstamped: {writeMarker: u, counters: [q], countersAlwaysChange: often}}\n"));
        assertTrue(notBoolean.contains("table.unstamped.countersAlwaysChange"), notBoolean);
    }

    /** The review's neighbours: a key alone, a marker without units, units repeated or out of DynamoDB's range. */
    @Test
    void load_unstampedEdges_oneLineNamingTheKeyOrNormalised() throws IOException {
        String alone = message(
                new ConfigLoader(Map.of()), write("table: {name: orders, unstamped: {countersAlwaysChange: false}}\n"));
        assertTrue(alone.contains("table.unstamped.counters: name at least one attribute"), alone);
        String markerNoUnits = message(
                new ConfigLoader(Map.of()),
                write(
                        "table: {name: orders, unstamped: {writeMarker: u, counters: [q], countersAlwaysChange: false}}\n"));
        assertTrue(
                markerNoUnits.contains("table.unstamped.units: required with countersAlwaysChange: false"),
                markerNoUnits);
        String huge = message(
                new ConfigLoader(Map.of()),
                write("table: {name: orders, unstamped: {writeMarker: u, counters: [q], units: ['1E+999999999']}}\n"));
        assertTrue(huge.contains("table.unstamped.units: 1E+999999999 is no number DynamoDB holds"), huge);
        String keyMarker = message(
                new ConfigLoader(Map.of()),
                write("table: {name: orders, unstamped: {writeMarker: sku, counters: [q]}}\n"));
        assertTrue(keyMarker.contains("table.unstamped.writeMarker: 'sku' is a key attribute"), keyMarker);

        UnstampedWriters repeated = new ConfigLoader(Map.of())
                .load(write("table: {name: orders, unstamped: {writeMarker: u, counters: [q], units: [-1, -1.0]}}\n"))
                .table()
                .unstamped()
                .orElseThrow();
        assertEquals(java.util.Optional.of(new java.math.BigDecimal("-1")), repeated.singleUnit());
    }
}
