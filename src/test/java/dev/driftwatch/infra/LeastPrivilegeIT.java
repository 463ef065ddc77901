package dev.driftwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.alert.AlertDispatcher;
import dev.driftwatch.alert.DeliveryListener;
import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.audit.DynamoDbAlertOutbox;
import dev.driftwatch.audit.FindingQuery;
import dev.driftwatch.audit.FindingSearch;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Environment;
import dev.driftwatch.config.SinkConfig;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.reconcile.Reconciler;
import dev.driftwatch.replay.Replay;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.OperationRecorder;
import dev.driftwatch.support.OperationRecorder.Call;
import dev.driftwatch.support.StockScenario;
import dev.driftwatch.support.StreamExport;
import dev.driftwatch.support.SubscribedQueue;
import dev.driftwatch.support.TestEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Least privilege, verified: every AWS call the daemon and the operator commands make in a full run
 * (KCL leases, stream reads, audit writes, the alert outbox, SNS) is recorded and must be allowed by
 * the template's DaemonPolicy; and every action of every statement must have been called on one of
 * that statement's resources.
 */
class LeastPrivilegeIT {
    static final Path TEMPLATE = Path.of("infra/cloudformation/driftwatch.yaml");
    private static final String NAMESPACE = "driftwatch-least-privilege";

    @Test
    void fullRun_everyCallAllowedByTheTemplateAndEveryAllowedActionCalled() throws Exception {
        StockScenario scenario = StockScenario.seeded(); // tables made by the admin's clients, as CloudFormation would
        OperationRecorder recorder = new OperationRecorder();
        Set<Call> calls;
        try (SubscribedQueue topic = new SubscribedQueue();
                AwsClients daemonClients =
                        new AwsClients(Optional.of(TestEndpoint.url()), Region.US_EAST_1, List.of(recorder))) {
            DriftwatchConfig config = scenario.config();
            config = config.withAlerts(config.alerts()
                    .withSinks(List.of(new SinkConfig.Sns("topic", topic.topicArn())))
                    .withTimings(3, Duration.ofMillis(100), Duration.ofSeconds(1)));
            // The AWS configuration publishes the daemon's metrics: that path is under the policy too.
            config = config.toBuilder()
                    .cloudWatch(new dev.driftwatch.config.CloudWatchConfig(Optional.of(NAMESPACE), 1))
                    .build();
            // The durable stream-gap state is the widest the policy allows (the default, in memory, calls less).
            config = config.withAudit(config.audit().withStreamGapState(AuditConfig.GapState.DURABLE));
            DriftwatchConfig daemonConfig = config;

            Assembly assembly = Assembly.of(daemonConfig, daemonClients).withEnvironment(new Environment(Map.of()));
            AlertDispatcher alerts = assembly.dispatcher(assembly.configuredSinks(), DeliveryListener.NONE)
                    .start(true);
            AuditPipeline pipeline = assembly.pipeline().alertsTo(alerts).build();
            DynamoDbAlertOutbox outbox = assembly.outbox();
            try (StreamDaemon daemon = assembly.daemon(pipeline);
                    dev.driftwatch.ops.CloudWatchPublisher metrics =
                            assembly.startCloudWatchPublisher().orElseThrow()) {
                daemon.start();
                scenario.violate(0);
                Await.atLeast("first finding", () -> pipeline.stats().findingsWritten(), 1, Duration.ofSeconds(120));
                for (int i = 1; i < 6; i++) {
                    scenario.violate(i);
                }
                Await.atLeast("findings", () -> pipeline.stats().findingsWritten(), 6, Duration.ofSeconds(120));
                Await.atLeast(
                        "alerts delivered",
                        () -> pending(outbox, daemonConfig).isEmpty() ? 1 : 0,
                        1,
                        Duration.ofSeconds(60));

                // What `findings` and `alerts pending|resend` do, with the same credentials.
                List<Finding> found = new ArrayList<>();
                Iterator<Finding> byRule = new FindingSearch(
                                daemonClients.dynamoDb(), daemonConfig.audit().table())
                        .find(new FindingQuery(
                                daemonConfig.table().name(),
                                Optional.empty(),
                                List.of("negative-stock"),
                                Optional.empty(),
                                Optional.empty(),
                                Instant.now().minusSeconds(3600),
                                Instant.now()));
                byRule.forEachRemaining(found::add);
                new FindingSearch(daemonClients.dynamoDb(), daemonConfig.audit().table())
                        .find(new FindingQuery(
                                daemonConfig.table().name(),
                                Optional.of("sku-0"),
                                List.of("negative-stock"),
                                Optional.empty(),
                                Optional.empty(),
                                Instant.now().minusSeconds(3600),
                                Instant.now()))
                        .forEachRemaining(f -> {});
                assertEquals(6, found.size());
                outbox.markPending(found.get(0), Instant.now().minusSeconds(60)); // the daemon resumes it
                Await.atLeast(
                        "resent alert delivered",
                        () -> pending(outbox, daemonConfig).isEmpty() ? 1 : 0,
                        1,
                        Duration.ofSeconds(30));
                assertEquals(7, topic.receive(7).size(), "six alerts and one resend");
            } finally {
                pipeline.close();
            }
            calls = recorder.calls();
        }

        Map<String, String> parameters = Map.of(
                "AWS::Partition",
                "aws",
                "AWS::Region",
                "us-east-1",
                "AWS::AccountId",
                "123456789012",
                "WatchedTableName",
                scenario.config().table().name(),
                "WatchedTableStreamArn",
                StreamDaemon.streamArn(
                        TestEndpoint.clients(), scenario.config().table().name()),
                "ApplicationName",
                scenario.config().consumer().application(),
                "AuditTableName",
                scenario.config().audit().table(),
                "AlertTopicName",
                calls.stream()
                        .filter(c -> c.action().equals("sns:Publish"))
                        .findFirst()
                        .orElseThrow()
                        .resource()
                        .substring("arn:aws:sns:us-east-1:123456789012:".length()),
                "MetricsNamespace",
                NAMESPACE);
        IamPolicy policy = IamPolicy.fromTemplate(
                TEMPLATE, "DaemonPolicy", parameters, Map.of("ShipsMetrics", true, "WatchedTableUsesCmk", false));
        assertTrue(
                calls.stream().anyMatch(call -> call.action().equals("cloudwatch:PutMetricData")),
                "the daemon published its metrics");

        assertEquals(
                Set.of(),
                policy.denied(calls),
                "calls the policy does not allow; recorded: "
                        + new TreeSet<>(calls.stream()
                                .map(c -> c.action() + " " + c.resource())
                                .toList()));
        assertEquals(Set.of(), policy.unused(calls), "allowed but never called");
    }

    private static List<?> pending(DynamoDbAlertOutbox outbox, DriftwatchConfig config) {
        return outbox.pending(config.table().name(), Instant.now().plusSeconds(3600), 100);
    }

    @Test
    void reconcileAndReplayWrite_everyCallAllowedByReconcilePolicyAndEveryAllowedActionCalled() throws Exception {
        StockScenario scenario = StockScenario.seeded();
        DriftwatchConfig seeded = scenario.config();
        DriftwatchConfig config = seeded.withAudit(seeded.audit().withStreamGapState(AuditConfig.GapState.DURABLE));
        AwsClients admin = TestEndpoint.clients();
        AuditTable.create(admin.dynamoDb(), config.audit().table());
        Path export = Files.createTempFile("stream", ".jsonl");
        StreamExport.writeLines(
                StreamExport.read(
                        admin.streams(),
                        StreamDaemon.streamArn(admin, config.table().name())),
                export);
        OperationRecorder recorder = new OperationRecorder();
        Set<Call> calls;
        try (AwsClients operator =
                new AwsClients(Optional.of(TestEndpoint.url()), Region.US_EAST_1, List.of(recorder))) {
            Replay.Report replayed =
                    new Replay(Assembly.of(config, operator), line -> {}, "replay").run(List.of(export));
            // the table's baseline: every item was in the export, so none is adopted
            Reconciler.Report baseline =
                    Assembly.of(config, operator).reconciler().run(2, Duration.ZERO, true, line -> {});
            assertEquals(0, baseline.adopted());
            // written after the baseline: the trail never saw it, so reconcile reads it again and stores a finding
            admin.dynamoDb()
                    .putItem(b -> b.tableName(config.table().name())
                            .item(Map.of(
                                    "sku", AttributeValue.fromS("never-seen"), "quantity", AttributeValue.fromN("1"))));
            Reconciler.Report reconciled =
                    Assembly.of(config, operator).reconciler().run(2, Duration.ofMillis(100), line -> {});
            assertEquals(true, replayed.records() > 0);
            assertEquals(StockScenario.ITEMS + 1L, reconciled.scanned());
            assertEquals(
                    List.of("never-seen"),
                    reconciled.findings().stream().map(Finding::itemKey).toList());
            calls = recorder.calls();
        }
        Files.delete(export);
        Map<String, String> parameters = Map.of(
                "AWS::Partition",
                "aws",
                "AWS::Region",
                "us-east-1",
                "AWS::AccountId",
                "123456789012",
                "WatchedTableName",
                config.table().name(),
                "AuditTableName",
                config.audit().table());
        IamPolicy policy =
                IamPolicy.fromTemplate(TEMPLATE, "ReconcilePolicy", parameters, Map.of("WatchedTableUsesCmk", false));

        assertEquals(
                Set.of(),
                policy.denied(calls),
                "calls the policy does not allow; recorded: "
                        + new TreeSet<>(calls.stream()
                                .map(c -> c.action() + " " + c.resource())
                                .toList()));
        assertEquals(Set.of(), policy.unused(calls), "allowed but never called");
    }
}
