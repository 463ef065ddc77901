package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.demo.InventoryTable;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.support.Items;
import dev.driftwatch.support.TestEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The daemon as its own process ({@code java -jar target/driftwatch.jar run}), killed with SIGKILL
 * five times at random moments while a writer produces a known set of violations. Afterwards the audit
 * table holds every expected finding exactly once.
 */
class CrashIT {
    private static final int ITEMS = 10;
    private static final int VIOLATIONS = 120;
    private static final int KILLS = 5;
    private static final Path JAR = Path.of("target/driftwatch.jar");

    @Test
    void sigkillFiveTimesWhileWriting_everyFindingExactlyOnce() throws Exception {
        assertTrue(Files.exists(JAR), JAR + " is built by 'mvn package', before the integration tests");
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = TestEndpoint.freshConfig();
        InventoryTable.create(clients.dynamoDb(), config.table());
        AuditTable.create(clients.dynamoDb(), config.audit().table());
        Items seeds = new Items(clients, config.table().name());
        for (int i = 0; i < ITEMS; i++) {
            seeds.put("sku-" + i, "quantity", 5, "version", 1);
        }
        Path configFile = writeConfig(config);
        AuditQueries queries = new AuditQueries(clients.dynamoDb(), config.audit().table());

        AtomicInteger written = new AtomicInteger();
        ExecutorService writerThread = Executors.newSingleThreadExecutor();
        Future<?> writer = writerThread.submit(() -> {
            for (int i = 0; i < VIOLATIONS; i++) {
                new Items(clients, config.table().name())
                        .put("sku-" + (i % ITEMS), "quantity", -1 - i, "version", 2 + i / ITEMS);
                written.incrementAndGet();
                Thread.sleep(1500);
            }
            return null;
        });

        int killsWhileWriting = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            int before = queries.all(config.table().name()).size();
            Process daemon = start(configFile, "crash-" + kill);
            awaitFindings(queries, config, before + 1, Duration.ofSeconds(120), daemon);
            Thread.sleep(ThreadLocalRandom.current().nextLong(2000));
            daemon.destroyForcibly();
            assertTrue(daemon.waitFor(10, TimeUnit.SECONDS));
            if (written.get() < VIOLATIONS) {
                killsWhileWriting++;
            }
        }
        writer.get();
        writerThread.shutdown();

        Process last = start(configFile, "crash-final");
        awaitFindings(queries, config, VIOLATIONS, Duration.ofSeconds(180), last);
        last.destroy();
        assertTrue(last.waitFor(40, TimeUnit.SECONDS), "SIGTERM stops the daemon within 30 s");

        List<Finding> findings = queries.all(config.table().name());
        long distinct = findings.stream().map(f -> f.sequenceNumber() + "/" + f.ruleId()).distinct().count();
        long missing = VIOLATIONS - distinct;
        long duplicates = findings.size() - distinct;
        System.out.printf("crash: records written %d, kills %d (%d while writing), findings expected %d, found %d,"
                        + " duplicates %d, missing %d%n",
                ITEMS + VIOLATIONS, KILLS, killsWhileWriting, VIOLATIONS, findings.size(), duplicates, missing);
        assertEquals(0, duplicates);
        assertEquals(0, missing);
        assertEquals(List.of("negative-stock"), findings.stream().map(Finding::ruleId).distinct().collect(Collectors.toList()));
        assertTrue(killsWhileWriting >= 3, "most kills must land while the writer runs, got " + killsWhileWriting);
    }

    private static Path writeConfig(DriftwatchConfig config) throws IOException {
        Path file = Files.createTempFile("driftwatch-crash", ".yaml");
        Files.writeString(file, String.join("\n",
                "endpoint: " + config.endpoint().url().orElseThrow(),
                "region: us-east-1",
                "table: {name: " + config.table().name() + ", key: sku}",
                "audit: {table: " + config.audit().table() + "}",
                "consumer:",
                "  application: " + config.consumer().application(),
                "  idleBetweenReadsMillis: 200",
                "  failoverMillis: 5000",
                "  leaseAssignmentIntervalMillis: 3000",
                "  shardSyncIntervalMillis: 0",
                "  leaderLeaseMillis: 10000",
                "alerts: {minSeverity: CRITICAL}",
                ""));
        return file;
    }

    private static Process start(Path configFile, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-jar", JAR.toString(), "run", "--config", configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", name + ".log").toFile())
                .start();
    }

    private static void awaitFindings(AuditQueries queries, DriftwatchConfig config, int target, Duration timeout, Process daemon)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int count = 0;
        while (Instant.now().isBefore(deadline)) {
            count = queries.all(config.table().name()).size();
            if (count >= target) {
                return;
            }
            assertTrue(daemon.isAlive(), "the daemon exited on its own; see its log under target/");
            Thread.sleep(250);
        }
        throw new AssertionError("findings reached " + count + " of " + target + " within " + timeout);
    }
}
