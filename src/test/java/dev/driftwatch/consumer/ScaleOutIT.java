package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.StockScenario;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several daemons with one application name on one stream: the lease holder dies, another takes the
 * lease over (KCL), a third joins later; every record is audited and every finding stored once.
 */
class ScaleOutIT {
    private static final int ITEMS = StockScenario.ITEMS;
    private static final int VIOLATIONS = 120;

    private record Worker(StreamDaemon daemon, AuditPipeline pipeline) {}

    private static Worker start(AwsClients clients, DriftwatchConfig config) {
        AuditPipeline pipeline =
                Assembly.of(config, clients).pipeline().alertsToLogOnOwnThread().build();
        StreamDaemon daemon = Assembly.of(config, clients).daemon(pipeline);
        daemon.start();
        return new Worker(daemon, pipeline);
    }

    @Test
    void holderDiesThirdJoins_everyFindingOnceAcrossWorkers() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        StockScenario scenario = StockScenario.seeded();
        DriftwatchConfig config = scenario.config();
        List<Worker> workers = new ArrayList<>(List.of(start(clients, config), start(clients, config)));
        Await.atLeast("one of two workers reading", () -> records(workers), ITEMS, Duration.ofSeconds(120));

        StockScenario.Writer writer = scenario.startWriting(VIOLATIONS, Duration.ofMillis(150));
        Await.atLeast("findings before the kill", () -> written(workers), 30, Duration.ofSeconds(60));
        Worker holder = workers.stream()
                .filter(w -> w.pipeline().stats().records() > 0)
                .max(java.util.Comparator.comparingLong(
                        w -> w.pipeline().stats().records()))
                .orElseThrow();
        holder.daemon().halt();
        Worker survivor = workers.stream().filter(w -> w != holder).findFirst().orElseThrow();
        long survivorBefore = survivor.pipeline().stats().records();

        workers.add(start(clients, config));
        writer.await();
        Await.atLeast("all findings", () -> written(workers), VIOLATIONS, Duration.ofSeconds(180));
        for (Worker worker : workers) {
            if (worker != holder) {
                worker.daemon().stop(Duration.ofSeconds(30));
            }
        }

        List<Finding> findings = scenario.findings();
        assertEquals(VIOLATIONS, findings.size());
        assertEquals(
                VIOLATIONS,
                findings.stream().map(Finding::sequenceNumber).distinct().count());
        assertEquals(VIOLATIONS, written(workers), "each finding stored by exactly one worker");
        long takenOver = survivor.pipeline().stats().records()
                - survivorBefore
                + workers.get(2).pipeline().stats().records();
        assertTrue(takenOver > 0, "after the holder died another worker audited the rest");
        System.out.printf(
                "scale-out: workers 3 (one halted, one joined late), findings %d, stored by holder %d,"
                        + " survivor %d, late joiner %d, redelivered after the halt %d%n",
                findings.size(),
                holder.pipeline().stats().findingsWritten(),
                survivor.pipeline().stats().findingsWritten(),
                workers.get(2).pipeline().stats().findingsWritten(),
                workers.stream()
                        .mapToLong(w -> w.pipeline().stats().findingsAlreadyPresent())
                        .sum());
    }

    private static long records(List<Worker> workers) {
        return workers.stream().mapToLong(w -> w.pipeline().stats().records()).sum();
    }

    private static long written(List<Worker> workers) {
        return workers.stream()
                .mapToLong(w -> w.pipeline().stats().findingsWritten())
                .sum();
    }
}
