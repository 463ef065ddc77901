package dev.driftwatch.app;

import dev.driftwatch.alert.AlertDispatcher;
import dev.driftwatch.alert.AlertSink;
import dev.driftwatch.alert.AlertSinks;
import dev.driftwatch.alert.DeliveryListener;
import dev.driftwatch.audit.AuditImages;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.audit.AuditWriter;
import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.audit.DynamoDbAlertOutbox;
import dev.driftwatch.audit.DynamoDbAuditWriter;
import dev.driftwatch.audit.FindingItems;
import dev.driftwatch.audit.FindingSearch;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Environment;
import dev.driftwatch.config.HttpConfig;
import dev.driftwatch.config.SinkConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.config.UnstampedWriters;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.cost.CostMeter;
import dev.driftwatch.cost.MeteringInterceptor;
import dev.driftwatch.finding.Redaction;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.ops.CloudWatchPublisher;
import dev.driftwatch.ops.DaemonMetrics;
import dev.driftwatch.ops.Health;
import dev.driftwatch.ops.OpsServer;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.reconcile.Reconciler;
import dev.driftwatch.record.ItemKeys;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.ruleset.RuleSet;
import dev.driftwatch.streamgap.DynamoDbItemStateStore;
import dev.driftwatch.streamgap.InMemoryItemStateStore;
import dev.driftwatch.streamgap.LeaseChains;
import dev.driftwatch.streamgap.StaleBaseCheck;
import dev.driftwatch.streamgap.StreamGapCheck;
import dev.driftwatch.web.AuditPages;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The composition root: the one place that turns a loaded configuration into running parts (audit
 * writer, alert outbox, dispatcher, sinks, pipeline, daemon). Commands, replay, the demo and the
 * benchmarks ask it for what they need and assemble nothing themselves; nothing here starts a thread
 * unless its name or Javadoc says so.
 *
 * <p>Rules are loaded before the assembly exists (a bad rules file stops a start before any client is
 * built). The rule set is per watched table, so that one assembly can serve several tables once the
 * configuration names several; {@link #pipeline()} is the watched table's.
 */
public final class Assembly {
    /** Item states the in-memory stream-gap check holds per worker, over all its leases (about 30 MB). */
    static final int CHAINED_ITEMS = 100_000;
    /**
     * Items whose recent counter values the stale-base check holds per worker: eight values per counter and the
     * item's key, about 0.6 KB per item with short keys (some 12 MB in all), more with long keys (a key near DynamoDB's
     * limit takes several KB).
     */
    static final int STALE_BASE_ITEMS = 20_000;

    private final DriftwatchConfig config;
    private final Supplier<RuleSet> loadRules;
    private RuleSet rules;
    private final Optional<Supplier<AwsClients>> connect;
    private AwsClients clients;
    private Optional<AwsClients> auditClients = Optional.empty();
    private final Environment environment;
    private final Clock clock = Clock.systemUTC();
    private DynamoDbAlertOutbox outbox;
    private DaemonMetrics metrics;
    private final CostMeter costMeter;

    private Assembly(
            DriftwatchConfig config,
            Supplier<RuleSet> loadRules,
            Optional<Supplier<AwsClients>> connect,
            Environment environment) {
        this(config, loadRules, connect, environment, new CostMeter());
    }

    private Assembly(
            DriftwatchConfig config,
            Supplier<RuleSet> loadRules,
            Optional<Supplier<AwsClients>> connect,
            Environment environment,
            CostMeter costMeter) {
        this.config = config;
        this.loadRules = loadRules;
        this.connect = connect;
        this.environment = environment;
        this.costMeter = costMeter;
    }

    /**
     * The parts of {@code config} over clients of its endpoint whose every call is metered: {@link #costMeter()}
     * adds up the request units they cost, and {@link #metrics()} shows them as {@code
     * driftwatch_request_units_total}.
     */
    public static Assembly metered(DriftwatchConfig config, RuleSet rules) {
        CostMeter meter = new CostMeter();
        AwsClients clients = Endpoints.clients(config, List.of(meteringInterceptor(config, meter)));
        return new Assembly(config, () -> rules, Optional.of(() -> clients), Environment.system(), meter);
    }

    /** The interceptor that meters calls made for {@code config} into {@code meter}. */
    public static MeteringInterceptor meteringInterceptor(DriftwatchConfig config, CostMeter meter) {
        return new MeteringInterceptor(meter, Metering.purposes(config));
    }

    /** What the calls of this assembly's clients cost (counted only for {@link #metered} clients). */
    public CostMeter costMeter() {
        return costMeter;
    }

    /**
     * The parts of {@code config} over {@code clients}, with the rules its rules path describes, loaded
     * when first needed (commands that only read findings compile no rule they do not ask about).
     */
    public static Assembly of(DriftwatchConfig config, AwsClients clients) {
        return new Assembly(config, () -> RuleSet.forConfig(config), Optional.of(() -> clients), Environment.system());
    }

    /**
     * The parts of {@code config} over clients of its endpoint, made when first needed: a command checks its
     * arguments and rules before it needs the endpoint to be there.
     */
    public static Assembly connecting(DriftwatchConfig config) {
        return new Assembly(
                config,
                () -> RuleSet.forConfig(config),
                Optional.of(() -> Endpoints.clients(config)),
                Environment.system());
    }

    /** The parts of {@code config} over {@code clients}, checking with {@code rules} (loaded first). */
    public static Assembly of(DriftwatchConfig config, RuleSet rules, AwsClients clients) {
        return new Assembly(config, () -> rules, Optional.of(() -> clients), Environment.system());
    }

    /** Parts that touch no AWS service: pipelines collect their findings and keep stream-gap state in memory. */
    public static Assembly offline(DriftwatchConfig config, RuleSet rules) {
        return new Assembly(config, () -> rules, Optional.empty(), Environment.system());
    }

    /** The same parts reading secrets from {@code environment} instead of the process's. */
    public Assembly withEnvironment(Environment environment) {
        return new Assembly(config, this::rules, connect.map(unused -> this::clients), environment);
    }

    public DriftwatchConfig config() {
        return config;
    }

    /** The watched table's rule set. */
    public synchronized RuleSet rules() {
        if (rules == null) {
            rules = loadRules.get();
        }
        return rules;
    }

    /** The rule ids the watched table's findings can carry: the by-rule index is queried once per rule. */
    public List<String> knownRuleIds() {
        List<String> ids = new ArrayList<>(rules().ruleIds());
        ids.add(RuleEngine.UNDECODABLE);
        ids.add(RuleEngine.STREAM_TRIMMED);
        ids.add(RuleEngine.STREAM_SKIPPED);
        ids.add(RuleEngine.STREAM_REPLACED);
        ids.add(RuleEngine.STREAM_EXPIRED);
        ids.add(Reconciler.RULE_ID);
        return ids;
    }

    /**
     * The same parts with the audit table (findings, images, outbox, coverage ledger, stream-gap state) reached
     * through {@code audit} instead: the throughput benchmark puts it on a second local endpoint, so that one
     * single-threaded endpoint serving the stream and every audit write alike does not hide what driftwatch does.
     * Call before any part is made.
     */
    public synchronized Assembly withAuditClients(AwsClients audit) {
        if (outbox != null) {
            throw new IllegalStateException("the audit clients must be set before any part is made");
        }
        auditClients = Optional.of(audit);
        return this;
    }

    /** The clients of the audit table: the same as {@link #clients()} unless {@link #withAuditClients} says. */
    public synchronized AwsClients auditClients() {
        return auditClients.orElseGet(this::clients);
    }

    /** @throws IllegalStateException in an {@link #offline} assembly */
    public synchronized AwsClients clients() {
        if (clients == null) {
            clients = connect.orElseThrow(() -> new IllegalStateException("an offline assembly has no AWS clients"))
                    .get();
        }
        return clients;
    }

    boolean online() {
        return connect.isPresent();
    }

    /** Findings at or above this severity are stored pending in the outbox and alerted. */
    public Severity alertThreshold() {
        return Severity.parse(config.alerts().minSeverity());
    }

    /** The pipeline of the watched table: choose its alerting and observer, then build. */
    public PipelineBuilder pipeline() {
        return new PipelineBuilder(this, config.table(), rules());
    }

    /**
     * The pipeline of another table, with the rules the configured rules path holds for it: one assembly
     * can build a pipeline per table. Findings go to the same audit table; the dispatcher and the metrics
     * are still the watched table's (they become per table with the configuration that names several).
     */
    public PipelineBuilder pipeline(TableConfig table) {
        if (table.equals(config.table())) {
            return pipeline();
        }
        return new PipelineBuilder(this, table, RuleSet.forConfig(config.withTable(table)));
    }

    /** The audit table's writer: findings at or above the alert threshold are stored pending in its outbox. */
    public AuditWriter auditWriter() {
        FindingItems items = new FindingItems(
                Duration.ofDays(config.audit().retentionDays()),
                config.audit().redact(),
                Optional.of(alertThreshold()));
        return new DynamoDbAuditWriter(
                auditClients().dynamoDbAsync(), config.audit().table(), items);
    }

    /** The alert outbox in the audit table; one per assembly. */
    public synchronized DynamoDbAlertOutbox outbox() {
        if (outbox == null) {
            outbox = new DynamoDbAlertOutbox(
                    auditClients().dynamoDbAsync(), config.audit().table());
        }
        return outbox;
    }

    /**
     * The configured sinks, their secrets read from the environment variables the configuration names.
     *
     * @throws dev.driftwatch.config.ConfigException when such a variable is unset or unusable
     */
    public List<AlertSink> configuredSinks() {
        return AlertSinks.build(
                config.alerts().sinks(), environment.asMap(), () -> clients().sns());
    }

    /** A dispatcher (not started) of the configured alert policy over this assembly's outbox. */
    public AlertDispatcher dispatcher(List<AlertSink> sinks, DeliveryListener listener) {
        return new AlertDispatcher(config.table().name(), sinks, outbox(), config.alerts(), listener, clock);
    }

    /** Reads findings from the audit table by key and index, never by scan. */
    public FindingSearch findingSearch() {
        return new FindingSearch(
                auditClients().dynamoDb(),
                config.audit().table(),
                itemKey -> config.table().sortKey().isPresent() ? ItemKeys.legacyForm(itemKey) : Optional.empty());
    }

    /**
     * The web view's pages over the audit table of the watched table: findings by key and index, images,
     * coverage holes and the count of pending alerts. {@code configPath} is repeated in the CLI lines the
     * pages print, when it is not the default.
     */
    public AuditPages auditPages(Optional<String> configPath) {
        DynamoDbAlertOutbox alerts = outbox();
        String watched = config.table().name();
        return new AuditPages(new AuditPages.Sources(
                watched,
                config.audit().table(),
                findingSearch(),
                auditImages(),
                this::knownRuleIds,
                () -> coverageLedger().holes(),
                limit -> alerts.pending(watched, clock.instant(), limit).size(),
                config.table().attributes(),
                config.alerts().sinks().stream().map(SinkConfig::name).toList(),
                redaction(),
                configPath,
                clock));
    }

    /** What the daemon has audited of the watched table's stream, per shard, and the holes. */
    public CoverageLedger coverageLedger() {
        return new CoverageLedger(
                auditClients().dynamoDbAsync(),
                config.audit().table(),
                config.table().name());
    }

    /** Reads a finding's images back from their own rows. */
    public AuditImages auditImages() {
        return new AuditImages(auditClients().dynamoDb(), config.audit().table());
    }

    /** The audit table's queries by item, used by the demo's accounting. */
    public AuditQueries auditQueries() {
        return new AuditQueries(auditClients().dynamoDb(), config.audit().table());
    }

    /** Compares the watched table with the stream-gap state and stores what drifted. */
    public Reconciler reconciler() {
        return new Reconciler(
                clients().dynamoDb(),
                config.table(),
                durableItemStates(),
                coverageLedger(),
                auditWriter(),
                clock,
                redaction());
    }

    /** The KCL consumer of the watched table's stream feeding {@code pipeline} (not started). */
    public StreamDaemon daemon(AuditPipeline pipeline) {
        return StreamDaemon.create(clients(), config, pipeline, Optional.of(coverageLedger()));
    }

    /** A consumer configured like {@link #daemon} that only checkpoints: the throughput baseline. */
    public StreamDaemon checkpointOnlyDaemon(AtomicLong processed) {
        return StreamDaemon.createCheckpointOnly(clients(), config, processed);
    }

    /** The daemon's metrics, which also observe its pipelines and alert deliveries; one per assembly. */
    public synchronized DaemonMetrics metrics() {
        if (metrics == null) {
            metrics = new DaemonMetrics(
                    config.table().name(),
                    Clock.systemUTC(),
                    DaemonMetrics.DEFAULT_LAG_WARNING,
                    Duration.ofSeconds(config.consumer().stuckAfterSeconds()));
            metrics.meterCosts(costMeter);
        }
        return metrics;
    }

    /**
     * Starts publishing the daemon's metrics to CloudWatch when {@code cloudwatch.namespace} is set; empty
     * otherwise (the local endpoint).
     */
    public Optional<CloudWatchPublisher> startCloudWatchPublisher() {
        return config.cloudWatch()
                .namespace()
                .map(namespace -> new CloudWatchPublisher(
                                metrics(),
                                clients().cloudWatch(),
                                namespace,
                                config.table().name(),
                                Clock.systemUTC())
                        .start(Duration.ofSeconds(config.cloudWatch().intervalSeconds())));
    }

    /**
     * Starts {@code /metrics} and {@code /health} (their own server thread) when {@code http} is enabled.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public Optional<OpsServer> startOpsServer(BooleanSupplier running) {
        HttpConfig http = config.http();
        if (!http.enabled()) {
            return Optional.empty();
        }
        try {
            DaemonMetrics daemonMetrics = metrics();
            return Optional.of(OpsServer.serve(
                    http.bind(),
                    http.port(),
                    daemonMetrics::scrape,
                    () -> running.getAsBoolean() ? daemonMetrics.health() : Health.DOWN));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot serve /metrics and /health on " + http.bind() + ":" + http.port() + ": " + e.getMessage()
                            + " (set http.port, or 0 to turn it off)",
                    e);
        }
    }

    RuleEngine engine(TableConfig table, RuleSet tableRules) {
        return new RuleEngine(
                tableRules.rules(),
                tableRules.severities(),
                clock,
                table.attributes().writer(),
                table.attributes().writeId());
    }

    Optional<StreamGapCheck> streamGapCheck(TableConfig table, RuleSet tableRules) {
        if (!tableRules.streamGap()) {
            return Optional.empty();
        }
        if (!online()) {
            return Optional.of(new StreamGapCheck(table, new InMemoryItemStateStore())); // a replay: one ordered input
        }
        if (config.audit().streamGapState() == AuditConfig.GapState.DURABLE) {
            return Optional.of(new StreamGapCheck(table, durableItemStates()));
        }
        return Optional.of(new StreamGapCheck(table, new LeaseChains(CHAINED_ITEMS)));
    }

    /** With {@code table.unstamped.units}, unless a rules file turns {@code stale-base} off. */
    Optional<StaleBaseCheck> staleBaseCheck(TableConfig table, RuleSet tableRules) {
        if (!tableRules.staleBase()) {
            return Optional.empty();
        }
        return table.unstamped()
                .filter(UnstampedWriters::staleBase)
                .map(writers -> new StaleBaseCheck(writers, STALE_BASE_ITEMS));
    }

    private DynamoDbItemStateStore durableItemStates() {
        return new DynamoDbItemStateStore(
                auditClients().dynamoDbAsync(), config.audit().table());
    }

    /** The masking of {@code audit.redact}, applied to every finding before it is stored, alerted or printed. */
    Redaction redaction() {
        return new Redaction(Set.copyOf(config.audit().redact()));
    }

    Clock clock() {
        return clock;
    }
}
