package dev.driftwatch.config;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The one loader of configuration: a YAML file plus {@code DRIFTWATCH_*} environment overrides.
 * Unknown keys and bad values fail with the file, the key and the reason.
 */
public final class ConfigLoader {
    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(Environment.system().asMap());
    }

    public DriftwatchConfig load(Path file) {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(file)) {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (parsed == null) {
                document = Map.of();
            } else if (parsed instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                document = typed;
            } else {
                throw new ConfigException(file + ": expected a mapping at the top level");
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        } catch (YAMLException e) {
            throw new ConfigException(file + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        DriftwatchConfig config = parse(file.toString(), document);
        return config.withRules(
                config.rules().resolvedAgainst(file.toAbsolutePath().getParent()));
    }

    DriftwatchConfig parse(String source, Map<String, Object> document) {
        ConfigTree tree = new ConfigTree(source, document, environment);
        DriftwatchConfig config;
        try {
            config = build(tree);
        } catch (IllegalArgumentException e) {
            // A record's own validation: its message names the key, the file is ours to add.
            throw new ConfigException(source + ": " + e.getMessage());
        }
        tree.rejectUnknownKeys();
        rejectUnknownVariables(source, tree, config);
        return config;
    }

    /**
     * The variables Kubernetes injects for a Service whose name starts {@code driftwatch}
     * ({@code DRIFTWATCH_SERVICE_HOST}, {@code DRIFTWATCH_PORT_9464_TCP_ADDR}, …): not configuration, not typos.
     */
    static final java.util.regex.Pattern SERVICE_LINK = java.util.regex.Pattern.compile(
            "DRIFTWATCH_([A-Z0-9_]+_)?(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)");

    /**
     * A {@code DRIFTWATCH_*} variable that overrides no key is a typo that would be ignored: refused, with
     * the nearest name. The launcher's own variables and the secrets the configuration names are no keys
     * by design.
     */
    private void rejectUnknownVariables(String source, ConfigTree tree, DriftwatchConfig config) {
        Set<String> known = new TreeSet<>(tree.environmentNamesRead());
        known.remove(ConfigTree.environmentName("alerts.sinks")); // sinks come from the file only
        Set<String> byDesign = new TreeSet<>(Environment.LAUNCHER_VARIABLES);
        for (SinkConfig sink : config.alerts().sinks()) {
            if (sink instanceof SinkConfig.Webhook webhook) {
                webhook.urlVariable().ifPresent(byDesign::add);
                webhook.routingKeyVariable().ifPresent(byDesign::add);
            }
        }
        for (String name : new TreeSet<>(environment.keySet())) {
            if (name.startsWith("DRIFTWATCH_")
                    && !known.contains(name)
                    && !byDesign.contains(name)
                    && !SERVICE_LINK.matcher(name).matches()) {
                throw new ConfigException(source + ": environment: " + name + " matches no configuration key"
                        + Nearest.of(name, known)
                                .map(near -> " (did you mean " + near + "?)")
                                .orElse(""));
            }
        }
    }

    private DriftwatchConfig build(ConfigTree tree) {
        Endpoint endpoint = tree.parsed("endpoint", Endpoint.aws(), Endpoint::parse);
        String region = nonBlank(tree, "region", "us-east-1");

        AttributeNames names = new AttributeNames(
                nonBlank(tree, "table.attributes.quantity", AttributeNames.DEFAULTS.quantity()),
                nonBlank(tree, "table.attributes.version", AttributeNames.DEFAULTS.version()),
                nonBlank(tree, "table.attributes.delta", AttributeNames.DEFAULTS.delta()),
                nonBlank(tree, "table.attributes.writeId", AttributeNames.DEFAULTS.writeId()),
                nonBlank(tree, "table.attributes.writer", AttributeNames.DEFAULTS.writer()));
        String tableName = tree.string("table.name", null);
        if (tableName == null || tableName.isBlank()) {
            throw tree.error("table.name", "required: the name of the watched table");
        }
        TableConfig table = new TableConfig(
                tableName,
                nonBlank(tree, "table.key", "sku"),
                Optional.ofNullable(tree.string("table.sortKey", null)).filter(s -> !s.isBlank()),
                names,
                tree.parsed("table.floor", BigDecimal.ZERO, ConfigLoader::decimal),
                tree.whole("table.initialVersion", 1),
                tree.parsed("table.shardedCounters", false, ConfigLoader::bool),
                unstamped(tree));

        long retention = tree.whole("audit.retentionDays", 90);
        if (retention <= 0 || retention > 36500) {
            throw tree.error("audit.retentionDays", "expected 1 to 36500 days, got: " + retention);
        }
        AuditConfig audit = new AuditConfig(
                nonBlank(tree, "audit.table", "driftwatch-findings"),
                (int) retention,
                tree.strings("audit.redact"),
                tree.parsed("audit.streamGapState", AuditConfig.GapState.MEMORY, text -> switch (text) {
                    case "memory" -> AuditConfig.GapState.MEMORY;
                    case "durable" -> AuditConfig.GapState.DURABLE;
                    default -> throw new IllegalArgumentException("expected memory or durable, got: '" + text + "'");
                }));
        for (String redacted : audit.redact()) {
            if (redacted.equals(table.key())
                    || table.sortKey().filter(redacted::equals).isPresent()) {
                throw tree.error(
                        "audit.redact",
                        "'" + redacted + "' is a key attribute of " + table.name()
                                + ": it names the item in every finding and cannot be redacted");
            }
        }

        ConsumerConfig defaults = ConsumerConfig.local("driftwatch-" + tableName);
        String application = nonBlank(tree, "consumer.application", "driftwatch-" + tableName);
        ConsumerConfig consumer = ConsumerConfig.builder()
                .application(application)
                .initialPosition(tree.parsed(
                        "consumer.initialPosition", ConsumerConfig.InitialPosition.TRIM_HORIZON, text -> {
                            try {
                                return ConsumerConfig.InitialPosition.valueOf(text);
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException(
                                        "expected TRIM_HORIZON or LATEST, got: '" + text + "'");
                            }
                        }))
                .idleBetweenReadsMillis(positive(tree, "consumer.idleBetweenReadsMillis", 1000))
                .maxRecords((int) range(tree, "consumer.maxRecords", defaults.maxRecords(), 1, 1000))
                .failoverMillis(positive(tree, "consumer.failoverMillis", 10_000))
                .leaseAssignmentIntervalMillis(positive(tree, "consumer.leaseAssignmentIntervalMillis", 20_000))
                .shardSyncIntervalMillis(range(tree, "consumer.shardSyncIntervalMillis", 0, 0, Long.MAX_VALUE))
                .leaderLeaseMillis(range(tree, "consumer.leaderLeaseMillis", 0, 0, Long.MAX_VALUE))
                .stuckAfterSeconds(range(tree, "consumer.stuckAfterSeconds", 300, 1, 86_400))
                .streamCheckSeconds(range(tree, "consumer.streamCheckSeconds", 60, 1, 3_600))
                .checkpointEverySeconds(range(tree, "consumer.checkpointEverySeconds", 10, 0, 300))
                .workerId(tree.string("consumer.workerId", "").trim())
                .build();

        AlertsConfig alerts = alerts(tree);
        HttpConfig http = new HttpConfig(nonBlank(tree, "http.bind", HttpConfig.DEFAULT.bind()), (int)
                range(tree, "http.port", HttpConfig.DEFAULT.port(), 0, 65535));
        RulesConfig rules = tree.has("rules.path")
                ? new RulesConfig(tree.parsed("rules.path", RulesConfig.NONE.path(), java.nio.file.Path::of), true)
                : RulesConfig.NONE;
        String namespace = tree.string("cloudwatch.namespace", null);
        CloudWatchConfig cloudWatch =
                new CloudWatchConfig(Optional.ofNullable(namespace).filter(n -> !n.isBlank()), (int)
                        range(tree, "cloudwatch.intervalSeconds", CloudWatchConfig.OFF.intervalSeconds(), 1, 3600));
        return DriftwatchConfig.builder()
                .endpoint(endpoint)
                .region(region)
                .table(table)
                .audit(audit)
                .consumer(consumer)
                .alerts(alerts)
                .http(http)
                .rules(rules)
                .cloudWatch(cloudWatch)
                .build();
    }

    private static AlertsConfig alerts(ConfigTree tree) {
        AlertsConfig defaults = AlertsConfig.DEFAULT;
        List<SinkConfig> sinks = new ArrayList<>();
        for (ConfigTree element : tree.mappings("alerts.sinks")) {
            sinks.add(sink(element));
            element.rejectUnknownKeys();
        }
        if (sinks.isEmpty() && !tree.has("alerts.sinks")) {
            sinks.addAll(defaults.sinks());
        }
        return new AlertsConfig(
                tree.parsed("alerts.minSeverity", defaults.minSeverity(), AlertsConfig::severityName),
                sinks,
                (int) range(tree, "alerts.retry.attempts", defaults.retryAttempts(), 1, 100),
                Duration.ofMillis(positive(
                        tree,
                        "alerts.retry.backoffMillis",
                        defaults.retryBackoff().toMillis())),
                Duration.ofSeconds(positive(
                        tree,
                        "alerts.resumeIntervalSeconds",
                        defaults.resumeInterval().toSeconds())),
                (int) range(tree, "alerts.digest.after", defaults.digestAfter(), 1, 10_000),
                Duration.ofSeconds(positive(
                        tree,
                        "alerts.digest.windowSeconds",
                        defaults.digestWindow().toSeconds())));
    }

    /** {@code table.unstamped}: given whole (counters, and a write marker or units) or not at all. */
    private static Optional<UnstampedWriters> unstamped(ConfigTree tree) {
        String marker = tree.string("table.unstamped.writeMarker", null);
        List<String> counters = tree.strings("table.unstamped.counters");
        List<String> units = tree.strings("table.unstamped.units");
        boolean always = tree.parsed("table.unstamped.countersAlwaysChange", true, ConfigLoader::bool);
        if (marker == null
                && counters.isEmpty()
                && units.isEmpty()
                && !tree.has("table.unstamped.countersAlwaysChange")) {
            return Optional.empty();
        }
        if (marker == null && always && units.isEmpty()) {
            throw tree.error(
                    "table.unstamped.writeMarker",
                    "required with table.unstamped unless units are given: the attribute every write sets, e.g."
                            + " updated_at");
        }
        List<BigDecimal> amounts = new ArrayList<>();
        for (String unit : units) {
            try {
                amounts.add(new BigDecimal(unit.trim()));
            } catch (NumberFormatException e) {
                throw tree.error("table.unstamped.units", "expected numbers, got: '" + unit + "'");
            }
        }
        String key = tree.string("table.key", "sku");
        String sortKey = tree.string("table.sortKey", null);
        if (marker != null && (marker.equals(key) || marker.equals(sortKey))) {
            throw tree.error("table.unstamped.writeMarker", "'" + marker + "' is a key attribute: no write changes it");
        }
        for (String counter : counters) {
            if (counter.equals(key) || counter.equals(sortKey)) {
                throw tree.error(
                        "table.unstamped.counters", "'" + counter + "' is a key attribute: no write changes it");
            }
        }
        try {
            return Optional.of(new UnstampedWriters(Optional.ofNullable(marker), counters, amounts, always));
        } catch (IllegalArgumentException e) {
            // The record's message names its key first: "table.unstamped.counters: name at least one ..."
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw colon < 0
                    ? tree.error("table.unstamped", message)
                    : tree.error(message.substring(0, colon), message.substring(colon + 2));
        }
    }

    private static SinkConfig sink(ConfigTree element) {
        for (String secret : List.of("url", "routingKey")) {
            if (element.has(secret)) {
                throw element.error(
                        secret,
                        "secrets stay out of the file: put it in an environment variable and "
                                + "name that variable in " + secret + "Env");
            }
        }
        String type = nonBlank(element, "type", "log").toLowerCase(Locale.ROOT);
        String name = nonBlank(element, "name", type);
        switch (type) {
            case "log":
                return new SinkConfig.Log(name);
            case "webhook":
                SinkConfig.WebhookFormat format = element.parsed("format", SinkConfig.WebhookFormat.GENERIC, text -> {
                    try {
                        return SinkConfig.WebhookFormat.valueOf(text.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("expected generic, slack or pagerduty, got: '" + text + "'");
                    }
                });
                return new SinkConfig.Webhook(
                        name, format, variable(element, "urlEnv"), variable(element, "routingKeyEnv"));
            case "sns":
                return new SinkConfig.Sns(name, element.string("topicArn", null));
            default:
                throw element.error("type", "expected log, webhook or sns, got: '" + type + "'");
        }
    }

    /** The name of an environment variable holding a secret; the secret itself never sits in the file. */
    private static Optional<String> variable(ConfigTree element, String key) {
        Optional<String> name =
                Optional.ofNullable(element.string(key, null)).map(String::trim).filter(s -> !s.isEmpty());
        if (name.isPresent() && !name.get().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw element.error(
                    key,
                    "expected the name of an environment variable (the secret itself stays out of "
                            + "the file), got: '" + name.get() + "'");
        }
        return name;
    }

    private static String nonBlank(ConfigTree tree, String path, String defaultValue) {
        String value = tree.string(path, defaultValue);
        if (value == null || value.isBlank()) {
            throw tree.error(path, "must not be blank");
        }
        return value.trim();
    }

    private static long positive(ConfigTree tree, String path, long defaultValue) {
        return range(tree, path, defaultValue, 1, Long.MAX_VALUE);
    }

    private static long range(ConfigTree tree, String path, long defaultValue, long min, long max) {
        long value = tree.whole(path, defaultValue);
        if (value < min || value > max) {
            String bound = max == Long.MAX_VALUE ? "at least " + min : min + " to " + max;
            throw tree.error(path, "expected " + bound + ", got: " + value);
        }
        return value;
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got: '" + text + "'");
        };
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got: '" + text + "'");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
