package dev.driftwatch.pipeline;

import dev.driftwatch.alert.LogAlertSink;
import dev.driftwatch.audit.AuditWriter;
import dev.driftwatch.audit.DynamoDbAuditWriter;
import dev.driftwatch.audit.FindingItems;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.SeverityPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** Builds the pipeline a configuration describes: built-in rules, the DynamoDB audit writer, log alerts. */
public final class PipelineAssembly {
    private PipelineAssembly() {}

    public static AuditPipeline assemble(DriftwatchConfig config, DynamoDbAsyncClient dynamoDb) {
        return assemble(config, dynamoDb, UnaryOperator.identity());
    }

    /** The same pipeline with its audit writer wrapped, e.g. by a benchmark that times the writes. */
    public static AuditPipeline assemble(
            DriftwatchConfig config, DynamoDbAsyncClient dynamoDb, UnaryOperator<AuditWriter> wrapWriter) {
        return assemble(config, dynamoDb, wrapWriter, PipelineObserver.NONE);
    }

    /** The pipeline reporting to {@code observer} (the daemon's metrics). */
    public static AuditPipeline assemble(DriftwatchConfig config, DynamoDbAsyncClient dynamoDb,
            UnaryOperator<AuditWriter> wrapWriter, PipelineObserver observer) {
        RuleEngine engine = new RuleEngine(
                BuiltInRules.forTable(config.table()),
                SeverityPolicy.DEFAULTS,
                Clock.systemUTC(),
                config.table().attributes().writer(),
                config.table().attributes().writeId());
        FindingItems items = new FindingItems(Duration.ofDays(config.audit().retentionDays()), config.audit().redact());
        return new AuditPipeline(
                engine,
                wrapWriter.apply(new DynamoDbAuditWriter(dynamoDb, config.audit().table(), items)),
                new LogAlertSink(),
                config.alerts().minSeverity(),
                observer);
    }
}
