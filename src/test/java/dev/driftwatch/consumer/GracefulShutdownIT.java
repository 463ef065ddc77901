package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.demo.InventoryTable;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.pipeline.PipelineAssembly;
import dev.driftwatch.support.Await;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A graceful stop in the middle of a busy stream: the final checkpoint covers exactly what was stored,
 * and a restart continues with no gap and no duplicate.
 */
class GracefulShutdownIT {
    private static final int ITEMS = 10;
    private static final int VIOLATIONS = 150;

    @Test
    void stopMidStreamThenRestart_everyViolationOnceAndNothingRedelivered() throws Exception {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = TestEndpoint.freshConfig();
        InventoryTable.create(clients.dynamoDb(), config.table());
        AuditTable.create(clients.dynamoDb(), config.audit().table());
        Items items = new Items(clients, config.table().name());
        for (int i = 0; i < ITEMS; i++) {
            items.put("sku-" + i, "quantity", 5, "version", 1);
        }

        AuditPipeline first = PipelineAssembly.assemble(config, clients.dynamoDbAsync());
        StreamDaemon daemon = StreamDaemon.create(clients, config, first);
        daemon.start();
        Await.atLeast("first daemon reading", () -> first.stats().records(), ITEMS, Duration.ofSeconds(120));

        // Each later write takes one item below zero with a proper version step: one finding each.
        AtomicInteger written = new AtomicInteger();
        ExecutorService writerThread = Executors.newSingleThreadExecutor();
        Future<?> writer = writerThread.submit(() -> {
            for (int i = 0; i < VIOLATIONS; i++) {
                Items own = new Items(clients, config.table().name());
                own.put("sku-" + (i % ITEMS), "quantity", -1 - i, "version", 2 + i / ITEMS);
                written.incrementAndGet();
                Thread.sleep(100);
            }
            return null;
        });

        Await.atLeast("first daemon busy", () -> first.stats().findingsWritten(), 30, Duration.ofSeconds(120));
        assertTrue(daemon.stop(Duration.ofSeconds(30)), "graceful stop within 30 s");
        assertTrue(written.get() < VIOLATIONS, "the stop must come while writes go on, after " + written.get());
        long storedByFirst = first.stats().findingsWritten();

        AuditQueries queries = new AuditQueries(clients.dynamoDb(), config.audit().table());
        BigInteger lastStored = queries.all(config.table().name()).stream()
                .map(f -> new BigInteger(f.sequenceNumber())).max(BigInteger::compareTo).orElseThrow();
        List<Map<String, AttributeValue>> leases =
                clients.dynamoDb().scan(b -> b.tableName(config.consumer().application())).items();
        assertEquals(lastStored.toString(), leases.get(0).get("checkpoint").s(),
                "the final checkpoint is the last record whose findings were stored");

        writer.get();
        writerThread.shutdown();
        AuditPipeline second = PipelineAssembly.assemble(config, clients.dynamoDbAsync());
        try (StreamDaemon restarted = StreamDaemon.create(clients, config, second)) {
            restarted.start();
            Await.atLeast("second daemon catches up", () -> storedByFirst + second.stats().findingsWritten(),
                    VIOLATIONS, Duration.ofSeconds(120));
        }
        List<Finding> findings = queries.all(config.table().name());
        assertEquals(VIOLATIONS, findings.size());
        assertEquals(VIOLATIONS, findings.stream().map(Finding::sequenceNumber).distinct().count());
        assertEquals(0, second.stats().findingsAlreadyPresent(), "nothing the first daemon stored came again");
        assertEquals(VIOLATIONS, storedByFirst + second.stats().findingsWritten());
    }
}
