package dev.driftwatch.pipeline;

import dev.driftwatch.alert.AlertDispatcher;
import dev.driftwatch.alert.AlertQueue;
import dev.driftwatch.alert.AlertSink;
import dev.driftwatch.alert.DeliveryListener;
import dev.driftwatch.alert.LogAlertSink;
import dev.driftwatch.audit.AuditWriter;
import dev.driftwatch.audit.DynamoDbAlertOutbox;
import dev.driftwatch.audit.DynamoDbAuditWriter;
import dev.driftwatch.audit.DynamoDbItemStateStore;
import dev.driftwatch.audit.FindingItems;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.StreamGapCheck;
import dev.driftwatch.ruleset.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** Builds the pipeline a configuration describes: built-in rules, the DynamoDB audit writer and its alert outbox. */
public final class PipelineAssembly {
    private PipelineAssembly() {}

    /**
     * The pipeline with its new alerts delivered to the log only, without resuming older pending ones
     * (demo, benchmarks, tests); {@code run} wires every configured sink and the resumer.
     */
    public static AuditPipeline assemble(DriftwatchConfig config, DynamoDbAsyncClient dynamoDb) {
        return assemble(config, dynamoDb, UnaryOperator.identity());
    }

    /** The pipeline of a given rule set, alerts to the log only (benchmarks measuring a rule set). */
    public static AuditPipeline assemble(DriftwatchConfig config, RuleSet rules, DynamoDbAsyncClient dynamoDb) {
        return logOnly(config, rules, dynamoDb, UnaryOperator.identity());
    }

    /** The same pipeline with its audit writer wrapped, e.g. by a benchmark that times the writes. */
    public static AuditPipeline assemble(
            DriftwatchConfig config, DynamoDbAsyncClient dynamoDb, UnaryOperator<AuditWriter> wrapWriter) {
        return logOnly(config, RuleSet.forConfig(config), dynamoDb, wrapWriter);
    }

    private static AuditPipeline logOnly(
            DriftwatchConfig config,
            RuleSet rules,
            DynamoDbAsyncClient dynamoDb,
            UnaryOperator<AuditWriter> wrapWriter) {
        AlertDispatcher logOnly = dispatcher(config, dynamoDb, List.of(new LogAlertSink("log")), DeliveryListener.NONE);
        return assemble(config, rules, dynamoDb, wrapWriter, PipelineObserver.NONE, logOnly.start(false));
    }

    /**
     * The pipeline of {@code rules} (loaded first, so that a bad rules file stops a start before anything
     * runs) reporting to {@code observer} (the daemon's metrics) and queueing alerts to {@code alerts}.
     */
    public static AuditPipeline assemble(
            DriftwatchConfig config,
            RuleSet rules,
            DynamoDbAsyncClient dynamoDb,
            UnaryOperator<AuditWriter> wrapWriter,
            PipelineObserver observer,
            AlertQueue alerts) {
        RuleEngine engine = engine(config, rules);
        return new AuditPipeline(
                engine,
                wrapWriter.apply(auditWriter(config, dynamoDb)),
                alerts,
                config.alerts().minSeverity(),
                observer,
                rules.streamGap() ? Optional.of(streamGapCheck(config, dynamoDb)) : Optional.empty());
    }

    /** The audit table's writer: findings at or above the alert threshold are stored pending in its outbox. */
    public static AuditWriter auditWriter(DriftwatchConfig config, DynamoDbAsyncClient dynamoDb) {
        FindingItems items = new FindingItems(
                Duration.ofDays(config.audit().retentionDays()),
                config.audit().redact(),
                Optional.of(config.alerts().minSeverity()));
        return new DynamoDbAuditWriter(dynamoDb, config.audit().table(), items);
    }

    /** The stream-gap check over its durable state in the audit table. */
    public static StreamGapCheck streamGapCheck(DriftwatchConfig config, DynamoDbAsyncClient dynamoDb) {
        return new StreamGapCheck(
                config.table(),
                new DynamoDbItemStateStore(dynamoDb, config.audit().table()));
    }

    /** The rule engine of a rule set, with the table's stamp attributes. */
    public static RuleEngine engine(DriftwatchConfig config, RuleSet rules) {
        return new RuleEngine(
                rules.rules(),
                rules.severities(),
                Clock.systemUTC(),
                config.table().attributes().writer(),
                config.table().attributes().writeId());
    }

    /** A dispatcher (not started) of the configured alert policy over the audit table's outbox. */
    public static AlertDispatcher dispatcher(
            DriftwatchConfig config, DynamoDbAsyncClient dynamoDb, List<AlertSink> sinks, DeliveryListener listener) {
        return new AlertDispatcher(
                config.table().name(),
                sinks,
                new DynamoDbAlertOutbox(dynamoDb, config.audit().table()),
                config.alerts(),
                listener,
                Clock.systemUTC());
    }
}
