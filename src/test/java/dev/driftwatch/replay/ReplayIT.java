package dev.driftwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.ruleset.RuleSet;
import dev.driftwatch.support.StreamExport;
import dev.driftwatch.support.TestEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** The daemon checks a stream live; the same stream exported to a file and replayed gives the same findings. */
@Execution(ExecutionMode.CONCURRENT)
class ReplayIT {
    @TempDir
    Path dir;

    private static Set<String> summary(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.id() + " " + f.ruleId() + " " + f.itemKey() + " "
                        + f.lostUnits().orElse(null))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void replay_exportedStream_sameFindingsAsTheDaemonAndWritingStoresNothingTwice() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = ReplayScenario.withRules(TestEndpoint.freshConfig(), dir.resolve("rules"));
        ReplayScenario.Outcome live = ReplayScenario.run(clients, config);
        List<Record> records = StreamExport.read(clients.streams(), live.streamArn());
        Path export = dir.resolve("stream.jsonl");
        StreamExport.writeLines(records, export);
        List<String> progress = new ArrayList<>();

        Replay.Report replayed = new Replay(
                        Assembly.offline(config, RuleSet.forConfig(config)), progress::add, "replay")
                .run(List.of(export));

        assertEquals(
                Set.of(
                        "negative-stock",
                        "version-not-incremented",
                        "version-skipped",
                        "reserved-within-quantity",
                        "remove-with-stock"),
                live.daemonFindings().stream().map(Finding::ruleId).collect(Collectors.toSet()));
        assertEquals(summary(live.daemonFindings()), summary(replayed.findings()));
        assertEquals(9, replayed.records());
        assertEquals(List.of(), replayed.badLines());
        assertEquals("replay: stream.jsonl 100%, 9 records, 5 findings, 0 skipped", progress.get(progress.size() - 1));

        Replay.Report written = new Replay(Assembly.of(config, clients), line -> {}, "replay").run(List.of(export));

        assertEquals(summary(live.daemonFindings()), summary(written.findings()));
        assertEquals(
                summary(live.daemonFindings()),
                summary(new AuditQueries(clients.dynamoDb(), config.audit().table())
                        .all(config.table().name())));
    }
}
