package dev.driftwatch.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.support.TestEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the committed replay fixture: the scenario runs on the local endpoint with the daemon, then the
 * AWS CLI reads the stream ({@code aws dynamodbstreams get-records}, its output kept as printed) and the
 * daemon's findings are written next to it. Run:
 * {@code ./mvnw -B -q -o test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.driftwatch.replay.ReplayFixtureGenerator}
 */
public final class ReplayFixtureGenerator {
    static final String TABLE = "replay-fixture";
    static final Path DIRECTORY = Path.of("src/test/resources/replay");

    private ReplayFixtureGenerator() {}

    static DriftwatchConfig config(DriftwatchConfig fresh, Path rules) throws IOException {
        DriftwatchConfig named = fresh.withTable(TableConfig.named(TABLE))
                .withAudit(new AuditConfig(
                        TABLE + "-findings",
                        fresh.audit().retentionDays(),
                        fresh.audit().redact()));
        return ReplayScenario.withRules(named, rules);
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(DIRECTORY);
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = config(TestEndpoint.freshConfig(), DIRECTORY.resolve("rules"));
        ReplayScenario.Outcome live = ReplayScenario.run(clients, config);
        String endpoint = TestEndpoint.url().toString();
        JsonNode stream = cli(endpoint, "describe-stream", "--stream-arn", live.streamArn());
        StringBuilder output = new StringBuilder();
        for (JsonNode shard : stream.path("StreamDescription").path("Shards")) {
            String iterator = cli(
                            endpoint,
                            "get-shard-iterator",
                            "--stream-arn",
                            live.streamArn(),
                            "--shard-id",
                            shard.get("ShardId").asText(),
                            "--shard-iterator-type",
                            "TRIM_HORIZON")
                    .get("ShardIterator")
                    .asText();
            output.append(cliText(endpoint, "get-records", "--shard-iterator", iterator));
        }
        Files.writeString(DIRECTORY.resolve("get-records.json"), output);
        List<String> lines = new ArrayList<>();
        for (Finding finding : live.daemonFindings()) {
            lines.add(finding.id() + "\t" + finding.ruleId() + "\t" + finding.itemKey() + "\t"
                    + finding.lostUnits().map(Object::toString).orElse("-"));
        }
        lines.sort(null);
        Files.write(DIRECTORY.resolve("daemon-findings.tsv"), lines);
        System.out.println("wrote " + DIRECTORY + ": " + lines.size() + " findings");
        System.exit(0);
    }

    private static JsonNode cli(String endpoint, String... args) throws IOException, InterruptedException {
        return new ObjectMapper().readTree(cliText(endpoint, args));
    }

    private static String cliText(String endpoint, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "dynamodbstreams"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
        }
        return out;
    }
}
