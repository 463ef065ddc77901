package dev.driftwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.HttpConfig;
import dev.driftwatch.ruleset.RuleSet;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** infra/ parses, and says what the code expects: the audit table's layout, the health port, the config keys. */
class InfraFilesTest {
    private static List<Map<String, Object>> documents(String file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) document;
                documents.add(map);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            current = step instanceof Integer index
                    ? ((List<Object>) current).get(index)
                    : ((Map<String, Object>) current).get(step);
        }
        return (T) current;
    }

    /**
     * Issue 21 item 2: the alarms watch metrics the daemon publishes itself ({@code CloudWatchPublisher}), with
     * its {@code Table} dimension, in the namespace the daemon is configured with; none reads log text, which
     * nothing might ship.
     */
    @Test
    void cloudFormation_alarms_onMetricsTheDaemonPublishes() throws IOException {
        Map<String, Map<String, Object>> resources =
                at(documents("infra/cloudformation/driftwatch.yaml").get(0), "Resources");
        assertTrue(
                resources.values().stream().noneMatch(r -> "AWS::Logs::MetricFilter".equals(r.get("Type"))),
                "no alarm on log text");
        java.util.Set<String> watched = new java.util.TreeSet<>();
        for (Map<String, Object> resource : resources.values()) {
            if (!"AWS::CloudWatch::Alarm".equals(resource.get("Type"))) {
                continue;
            }
            Object namespace = at(resource, "Properties", "Namespace");
            if ("AWS/DynamoDB".equals(namespace)) {
                continue; // the stream's own GetRecords metric
            }
            assertEquals(Map.of("Ref", "MetricsNamespace"), namespace);
            assertEquals("ShipsMetrics", resource.get("Condition"));
            String metric = at(resource, "Properties", "MetricName");
            assertTrue(dev.driftwatch.ops.CloudWatchPublisher.METRICS.contains(metric), metric + " is not published");
            assertEquals("Table", at(resource, "Properties", "Dimensions", 0, "Name"));
            watched.add(metric);
        }
        assertEquals(
                java.util.Set.of(
                        "CriticalFindings",
                        "AuditWriteFailures",
                        "StuckShards",
                        "CoverageLosses",
                        "AlertsFailed",
                        "MaxLagSeconds",
                        "RecordsProcessed",
                        "BatchesSkipped",
                        "AlertsNotQueued"),
                watched);
        DriftwatchConfig aws =
                new ConfigLoader(Map.of("DRIFTWATCH_TABLE_NAME", "inventory")).load(Path.of("config/aws.yaml"));
        assertEquals(java.util.Optional.of("driftwatch"), aws.cloudWatch().namespace(), "the template's default");
    }

    /**
     * Issue 21 item 1: every alarm's action is a topic encrypted with a key whose policy lets CloudWatch use it
     * (an alarm cannot publish to a topic under the AWS-managed alias/aws/sns), and alarms do not share the
     * findings' topic, whose subscribers filter on attributes alarms do not carry.
     */
    @Test
    @SuppressWarnings("unchecked")
    void cloudFormation_alarms_publishToATopicWhoseKeyGrantsCloudWatch() throws IOException {
        Map<String, Object> resources =
                at(documents("infra/cloudformation/driftwatch.yaml").get(0), "Resources");
        int alarms = 0;
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            if (!"AWS::CloudWatch::Alarm".equals(at(resource.getValue(), "Type"))) {
                continue;
            }
            alarms++;
            List<Object> actions = at(resource.getValue(), "Properties", "AlarmActions");
            for (Object action : actions) {
                String topic = at(action, "Ref");
                assertTrue(!"AlertTopic".equals(topic), resource.getKey() + " publishes to the findings' topic");
                Object keyId = at(resources.get(topic), "Properties", "KmsMasterKeyId");
                assertTrue(keyId instanceof Map, resource.getKey() + ": " + topic + " is encrypted with " + keyId);
                String key = at(keyId, "Ref");
                List<Object> statements = at(resources.get(key), "Properties", "KeyPolicy", "Statement");
                boolean grantsCloudWatch = statements.stream().anyMatch(statement -> {
                    Object principal = at(statement, "Principal", "Service");
                    Object allowed = at(statement, "Action");
                    List<?> granted = allowed instanceof List<?> list ? list : List.of(allowed);
                    return "cloudwatch.amazonaws.com".equals(principal)
                            && granted.contains("kms:Decrypt")
                            && granted.contains("kms:GenerateDataKey*");
                });
                assertTrue(grantsCloudWatch, key + " does not let CloudWatch publish to " + topic);
            }
        }
        assertEquals(10, alarms);
    }

    @Test
    void cloudFormation_auditTable_keysIndexesAndTtlAsTheCodeWritesThem() throws IOException {
        Map<String, Object> table =
                at(documents("infra/cloudformation/driftwatch.yaml").get(0), "Resources", "AuditTable", "Properties");
        assertEquals(
                List.of(
                        Map.of("AttributeName", AuditTable.PK, "KeyType", "HASH"),
                        Map.of("AttributeName", AuditTable.SK, "KeyType", "RANGE")),
                at(table, "KeySchema"));
        List<Map<String, Object>> indexes = at(table, "GlobalSecondaryIndexes");
        assertEquals(
                List.of(AuditTable.BY_RULE_INDEX, AuditTable.PENDING_ALERTS_INDEX),
                indexes.stream().map(index -> index.get("IndexName")).toList());
        assertEquals(
                List.of(
                        Map.of("AttributeName", AuditTable.RULE_DAY, "KeyType", "HASH"),
                        Map.of("AttributeName", AuditTable.DETECTED_AT, "KeyType", "RANGE")),
                at(indexes.get(0), "KeySchema"));
        assertEquals(
                List.of(
                        Map.of("AttributeName", AuditTable.ALERT_PENDING, "KeyType", "HASH"),
                        Map.of("AttributeName", AuditTable.ALERT_QUEUED_AT, "KeyType", "RANGE")),
                at(indexes.get(1), "KeySchema"));
        assertEquals(AuditTable.EXPIRES_AT, at(table, "TimeToLiveSpecification", "AttributeName"));
        assertEquals(true, at(table, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"));
        assertEquals(true, at(table, "SSESpecification", "SSEEnabled"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetes_deployment_probesHealthOnTheDaemonPortAndConfigLoads() throws IOException {
        List<Map<String, Object>> documents = documents("infra/kubernetes/driftwatch.yaml");
        assertEquals(
                List.of("ServiceAccount", "ConfigMap", "Deployment", "PodDisruptionBudget"),
                documents.stream().map(d -> d.get("kind")).toList());
        Map<String, Object> container = at(documents.get(2), "spec", "template", "spec", "containers", 0);
        assertEquals((Object) HttpConfig.DEFAULT.port(), at(container, "ports", 0, "containerPort"));
        assertEquals("/health", at(container, "readinessProbe", "httpGet", "path"));
        assertEquals("/health", at(container, "livenessProbe", "httpGet", "path"));
        assertEquals(List.of("run", "--config", "/etc/driftwatch/driftwatch.yaml"), at(container, "args"));
        assertEquals(true, at(documents.get(2), "spec", "template", "spec", "securityContext", "runAsNonRoot"));
        assertEquals(1, (int) at(documents.get(3), "spec", "minAvailable"), "a drain never takes the last worker");
        assertEquals(
                List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"),
                ((List<Object>) at(documents.get(2), "spec", "template", "spec", "topologySpreadConstraints"))
                        .stream()
                                .map(constraint -> at(constraint, "topologyKey"))
                                .toList());

        Path directory = Files.createTempDirectory("driftwatch-k8s");
        Path config = Files.writeString(
                directory.resolve("driftwatch.yaml"), at(documents.get(1), "data", "driftwatch.yaml"));
        Files.writeString(
                directory.resolve("inventory-rules.yaml"), at(documents.get(1), "data", "inventory-rules.yaml"));
        DriftwatchConfig loaded = new ConfigLoader(Map.of()).load(config);
        assertEquals(true, RuleSet.forConfig(loaded).ruleIds().contains("reserved-within-quantity"));
        assertEquals("0.0.0.0", loaded.http().bind());
        assertEquals(List.of("log", "pagerduty", "topic"), loaded.alerts().sinkNames());
        assertEquals(10_000, loaded.consumer().failoverMillis(), "KCL's production defaults on AWS");
    }

    @Test
    void systemdAndDocker_runTheDaemonAsItsOwnUserWithTheConfigPath() throws IOException {
        String unit = Files.readString(Path.of("infra/systemd/driftwatch.service"));
        assertTrue(unit.contains("\nUser=driftwatch\n"), unit);
        assertTrue(
                unit.contains("-jar /opt/driftwatch/driftwatch.jar run --config /etc/driftwatch/driftwatch.yaml\n"),
                unit);
        String dockerfile = Files.readString(Path.of("infra/docker/Dockerfile"));
        assertTrue(dockerfile.contains("\nUSER 10001:10001\n"), dockerfile);
        assertTrue(dockerfile.contains("CMD [\"run\", \"--config\", \"/etc/driftwatch/driftwatch.yaml\"]"), dockerfile);
    }

    /**
     * Issue 21 item 4: the image's configuration is AWS's (no local endpoint, KCL's production timings, probes
     * from outside), the table named by environment; without it, a one-line error at start.
     */
    @Test
    void dockerImage_shipsAwsConfigurationCompletedByEnvironment() throws IOException {
        String dockerfile = Files.readString(Path.of("infra/docker/Dockerfile"));
        assertTrue(dockerfile.contains("COPY config/aws.yaml /etc/driftwatch/driftwatch.yaml"), dockerfile);

        DriftwatchConfig loaded = new ConfigLoader(Map.of(
                        "DRIFTWATCH_TABLE_NAME", "inventory",
                        "DRIFTWATCH_CONSUMER_APPLICATION", "driftwatch-inventory"))
                .load(Path.of("config/aws.yaml"));
        assertEquals("inventory", loaded.table().name());
        assertEquals("driftwatch-inventory", loaded.consumer().application());
        assertEquals(dev.driftwatch.config.Endpoint.Kind.AWS, loaded.endpoint().kind());
        assertEquals(10_000, loaded.consumer().failoverMillis(), "KCL's production defaults");
        assertEquals(0, loaded.consumer().shardSyncIntervalMillis(), "no sleep after a shard sync (issue 19 item 5)");
        assertEquals("0.0.0.0", loaded.http().bind());

        RuntimeException missing = org.junit.jupiter.api.Assertions.assertThrows(
                dev.driftwatch.config.ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(Path.of("config/aws.yaml")));
        assertTrue(missing.getMessage().contains("table.name"), missing.getMessage());
    }

    /** Issue 21 items 5 and 6: memory in fixed parts under the limits, and a configuration error never restarted. */
    @Test
    void jvmAndRestart_fixedMemoryPartsAndExitTwoNotRestarted() throws IOException {
        String unit = Files.readString(Path.of("infra/systemd/driftwatch.service"));
        String dockerfile = Files.readString(Path.of("infra/docker/Dockerfile"));
        for (String flags : List.of(unit, dockerfile)) {
            for (String flag :
                    List.of("Xmx256m", "MaxDirectMemorySize=64m", "MaxMetaspaceSize=128m", "ActiveProcessorCount=2")) {
                assertTrue(flags.contains(flag), flag);
            }
            assertTrue(!flags.contains("MaxRAMPercentage"), "the heap is sized, not a share of the limit");
        }
        assertTrue(unit.contains("\nRestartPreventExitStatus=2\n"), unit);
        assertTrue(unit.contains("\nMemoryMax=640M\n"), unit);
        assertTrue(!unit.contains("MemoryDenyWriteExecute=true"), "the JIT needs it");
    }

    /** Issue 21 item 2: the Prometheus rules beside the manifest read metrics the daemon serves (README's table). */
    @Test
    @SuppressWarnings("unchecked")
    void prometheusRules_readMetricsTheDaemonServes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, Object> rules =
                documents("infra/kubernetes/prometheus-rules.yaml").get(0);
        List<Object> groups = at(rules, "spec", "groups");
        java.util.Set<String> alerts = new java.util.TreeSet<>();
        for (Object group : groups) {
            for (Object rule : (List<Object>) at(group, "rules")) {
                alerts.add(at(rule, "alert"));
                java.util.regex.Matcher metric =
                        java.util.regex.Pattern.compile("driftwatch_[a-z_]+").matcher(at(rule, "expr"));
                while (metric.find()) {
                    assertTrue(
                            readme.contains("`" + metric.group()),
                            metric.group() + " is not a metric the daemon serves");
                }
            }
        }
        assertTrue(
                alerts.containsAll(java.util.Set.of(
                        "DriftwatchStreamLagNearRetention", "DriftwatchAuditWritesFailing", "DriftwatchCoverageHole")),
                alerts.toString());
    }

    /**
     * Issue 21 item 2: on each platform the log reaches the stack's group for people to read: Fluent Bit and the
     * CloudWatch agent name {@code /driftwatch/<application>}, the agent tails the file the unit writes, and the
     * stack has the policy their roles need.
     */
    @Test
    void logShipping_everyPlatformToTheStacksLogGroup() throws IOException {
        Map<String, Object> template =
                documents("infra/cloudformation/driftwatch.yaml").get(0);
        assertEquals(
                Map.of("Fn::Sub", "/driftwatch/${ApplicationName}"),
                at(template, "Resources", "DaemonLogGroup", "Properties", "LogGroupName"));
        List<Object> actions = at(
                template, "Resources", "LogShippingPolicy", "Properties", "PolicyDocument", "Statement", 0, "Action");
        assertTrue(actions.containsAll(List.of("logs:CreateLogStream", "logs:PutLogEvents")), actions.toString());

        String fluentBit = at(documents("infra/kubernetes/fluent-bit.yaml").get(0), "data", "driftwatch.conf");
        assertTrue(fluentBit.contains("log_group_name      /driftwatch/<application>"), fluentBit);

        var agent = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("infra/systemd/amazon-cloudwatch-agent.json").toFile())
                .at("/logs/logs_collected/files/collect_list/0");
        assertEquals("/driftwatch/<application>", agent.get("log_group_name").asText());
        String unit = Files.readString(Path.of("infra/systemd/driftwatch.service"));
        assertTrue(
                unit.contains(
                        "\nStandardOutput=append:" + agent.get("file_path").asText() + "\n"),
                unit);
        assertTrue(unit.contains("\nLogsDirectory=driftwatch\n"), "ProtectSystem=strict leaves only it writable");
    }
}
