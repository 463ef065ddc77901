package dev.driftwatch.support;

import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reliability scenarios' common ground: fresh tables, ten items seeded at version 1, and writes
 * that each violate exactly one rule (negative-stock), so findings expected = violations written.
 */
public final class StockScenario {
    public static final int ITEMS = 10;

    private final AwsClients clients;
    private final DriftwatchConfig config;

    private StockScenario(AwsClients clients, DriftwatchConfig config) {
        this.clients = clients;
        this.config = config;
    }

    public static StockScenario seeded() {
        AwsClients clients = TestEndpoint.clients();
        DriftwatchConfig config = TestEndpoint.freshTables();
        Items seeds = new Items(clients, config.table().name());
        for (int i = 0; i < ITEMS; i++) {
            seeds.put("sku-" + i, "quantity", 5, "version", 1);
        }
        return new StockScenario(clients, config);
    }

    public DriftwatchConfig config() {
        return config;
    }

    /** Violation number {@code i}: its item below zero with a correct version step. Thread-safe. */
    public void violate(int i) {
        new Items(clients, config.table().name())
                .put("sku-" + (i % ITEMS), "quantity", -1 - i, "version", 2 + i / ITEMS);
    }

    /** A background writer of violations 0 … count−1, one every {@code pause}. */
    public final class Writer {
        private final AtomicInteger written = new AtomicInteger();
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> done;

        private Writer(int count, Duration pause) {
            done = thread.submit(() -> {
                for (int i = 0; i < count; i++) {
                    violate(i);
                    written.incrementAndGet();
                    Thread.sleep(pause.toMillis());
                }
                return null;
            });
        }

        /** Violations written so far. */
        public int written() {
            return written.get();
        }

        /** Waits until every violation is written; rethrows what stopped the writer. */
        public void await() throws Exception {
            try {
                done.get();
            } finally {
                thread.shutdown();
            }
        }
    }

    public Writer startWriting(int count, Duration pause) {
        return new Writer(count, pause);
    }

    /** Every finding of the scenario's table, read back from the audit table. */
    public List<Finding> findings() {
        return new AuditQueries(clients.dynamoDb(), config.audit().table())
                .all(config.table().name());
    }
}
