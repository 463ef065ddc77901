package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.support.TestEndpoint;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The updater against the local endpoint, with real threads. */
class ConditionalUpdaterIT {
    private static final Map<String, AttributeValue> HOT = key("hot");
    private AwsClients clients;
    private String table;
    private ConditionalUpdater updater;

    private static Map<String, AttributeValue> key(String sku) {
        return Map.of("sku", AttributeValue.fromS(sku));
    }

    @BeforeEach
    void freshTable() {
        clients = TestEndpoint.clients();
        table = TestEndpoint.freshInventoryTable("updater");
        updater = updater("it", new RetryPolicy(200, Duration.ofMillis(1), Duration.ofMillis(20)));
    }

    private ConditionalUpdater updater(String writer, RetryPolicy retry) {
        return ConditionalUpdater.builder()
                .client(clients.dynamoDb())
                .table(table)
                .partitionKey("sku")
                .writer(writer)
                .retry(retry)
                .build();
    }

    private Map<String, AttributeValue> read(Map<String, AttributeValue> key) {
        return clients.dynamoDb()
                .getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item();
    }

    private void create(String sku, long quantity) {
        UpdateOutcome created = updater.update(key(sku), item -> {
            item.put("quantity", AttributeValue.fromN(Long.toString(quantity)));
            return item;
        });
        assertInstanceOf(UpdateOutcome.Applied.class, created);
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    private static <T> List<T> race(int threads, int perThread, java.util.function.Supplier<T> operation)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<T>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                List<T> results = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    results.add(operation.get());
                }
                return results;
            }));
        }
        List<T> all = new ArrayList<>();
        for (Future<List<T>> future : futures) {
            all.addAll(future.get());
        }
        pool.shutdown();
        return all;
    }

    @Test
    void adjust_eightWritersTwoHundredEach_finalQuantityExactNeverBelowFloor() throws Exception {
        create("hot", 1000);
        List<UpdateOutcome> outcomes =
                race(8, 200, () -> updater.adjust(HOT, "quantity", BigDecimal.valueOf(-1), BigDecimal.ZERO));
        long applied = outcomes.stream().filter(UpdateOutcome::isApplied).count();
        long insufficient = outcomes.stream()
                .filter(o -> o instanceof UpdateOutcome.Insufficient)
                .count();
        assertEquals(1000, applied);
        assertEquals(600, insufficient);
        Map<String, AttributeValue> item = read(HOT);
        assertEquals(0, number(item, "quantity"));
        assertEquals(1 + 1000, number(item, "version"));
    }

    /** The change of the races below: one more unit of quantity. */
    private static Map<String, AttributeValue> incremented(Map<String, AttributeValue> item) {
        item.put("quantity", AttributeValue.fromN(Long.toString(number(item, "quantity") + 1)));
        return item;
    }

    @Test
    void update_eightWritersHundredEach_versionEqualsInitialPlusSuccesses() throws Exception {
        create("hot", 0);
        List<UpdateOutcome> outcomes = race(8, 100, () -> updater.update(HOT, ConditionalUpdaterIT::incremented));
        long applied = outcomes.stream().filter(UpdateOutcome::isApplied).count();
        assertEquals(800, applied, "every update applies within 200 attempts");
        Map<String, AttributeValue> item = read(HOT);
        assertEquals(800, number(item, "quantity"), "no lost update");
        assertEquals(1 + 800, number(item, "version"));
        assertTrue(updater.stats().conflicts() > 0, "eight writers on one item must collide");
        assertEquals("hot", updater.stats().hotKeys(1).get(0).key());
        // Creating costs a read and a put; then one put per attempt and no read: each update starts from the item
        // this updater remembers, and a conflict is retried with the item the failed put returned (ALL_OLD).
        assertEquals(2 + 800 + updater.stats().conflicts(), updater.stats().requests());
    }

    @Test
    void update_eightThreadsOfOneUpdaterOnOneItem_noUpdateLosesThirtyTimesInARow() throws Exception {
        // Fairness: a thread that keeps winning holds the item it just wrote, the others hold stale ones. Before
        // KeyTurns an update of this race lost 200 times in a row now and then (the test above, under CPU load).
        ConditionalUpdater fair = updater("fair", new RetryPolicy(30, Duration.ofMillis(1), Duration.ofMillis(20)));
        create("hot", 0);
        List<UpdateOutcome> outcomes = race(8, 100, () -> fair.update(HOT, ConditionalUpdaterIT::incremented));
        int slowest = outcomes.stream().mapToInt(UpdateOutcome::attempts).max().orElseThrow();
        System.out.println("ConditionalUpdaterIT fairness: slowest update of 800 took " + slowest + " attempts");
        long applied = outcomes.stream().filter(UpdateOutcome::isApplied).count();
        assertEquals(800, applied, "every update applies within 30 attempts; the slowest took " + slowest);
        assertEquals(800, number(read(HOT), "quantity"), "no lost update");
        assertTrue(fair.stats().conflicts() > 0, "eight writers on one item must collide");
    }

    @Test
    void adjust_missingItem_isMissingNotInsufficient() {
        assertInstanceOf(
                UpdateOutcome.Missing.class,
                updater.adjust(key("ghost"), "quantity", BigDecimal.valueOf(-1), BigDecimal.ZERO));
    }

    @Test
    void adjust_tooLittleStock_isInsufficientWithCurrentItem() {
        create("few", 2);
        UpdateOutcome outcome = updater.adjust(key("few"), "quantity", BigDecimal.valueOf(-3), BigDecimal.ZERO);
        UpdateOutcome.Insufficient insufficient = assertInstanceOf(UpdateOutcome.Insufficient.class, outcome);
        assertEquals(2, number(insufficient.current(), "quantity"));
        assertEquals(2, number(read(key("few")), "quantity"));
    }

    @Test
    void update_conflictingWriterEveryTime_conflictAfterMaxAttempts() {
        create("contested", 5);
        ConditionalUpdater impatient =
                updater("impatient", new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)));
        AtomicInteger calls = new AtomicInteger();
        UpdateOutcome outcome = impatient.update(key("contested"), item -> {
            calls.incrementAndGet();
            // Another writer lands between this read and our conditional put, every time.
            assertInstanceOf(
                    UpdateOutcome.Applied.class,
                    updater.adjust(key("contested"), "quantity", BigDecimal.ONE, BigDecimal.ZERO));
            return item;
        });
        UpdateOutcome.Conflict conflict = assertInstanceOf(UpdateOutcome.Conflict.class, outcome);
        assertEquals(3, conflict.attempts());
        assertEquals(3, calls.get());
        assertEquals(8, number(conflict.current().orElseThrow(), "quantity"));
        assertEquals(4, impatient.stats().requests(), "one read, then three puts: the conflicts carry the item");
    }

    /**
     * Issue 18 item 1: the item is deleted between the read and the write; the conflict carries no item, and the
     * next attempt created it again from the change applied to the key alone ({sku, name} at version 1).
     */
    @Test
    void update_itemDeletedBetweenReadAndWrite_missingAndNotCreatedAgain() {
        create("doomed", 5);
        AtomicInteger calls = new AtomicInteger();
        UpdateOutcome outcome = updater.update(key("doomed"), item -> {
            if (calls.incrementAndGet() == 1) {
                clients.dynamoDb().deleteItem(b -> b.tableName(table).key(key("doomed")));
            }
            item.put("name", AttributeValue.fromS("Widget"));
            return item;
        });

        assertInstanceOf(UpdateOutcome.Missing.class, outcome);
        assertEquals(1, calls.get());
        assertEquals(true, read(key("doomed")).isEmpty(), "not created again");
    }

    @Test
    void delete_staleVersion_conflictAndItemKept() {
        create("old", 1);
        UpdateOutcome outcome = updater.delete(key("old"), 7);
        assertInstanceOf(UpdateOutcome.Conflict.class, outcome);
        assertEquals(1, number(read(key("old")), "quantity"));
        assertInstanceOf(UpdateOutcome.Applied.class, updater.delete(key("old"), 1));
        assertTrue(read(key("old")).isEmpty());
    }

    @Test
    void transact_oneActionFails_namesTheFailingItemAndAppliesNothing() {
        create("a", 10);
        create("b", 1);
        Transaction transfer = Transaction.builder()
                .adjust(key("a"), "quantity", BigDecimal.valueOf(5), BigDecimal.ZERO)
                .adjust(key("b"), "quantity", BigDecimal.valueOf(-5), BigDecimal.ZERO)
                .build();
        TransactionOutcome.Cancelled cancelled =
                assertInstanceOf(TransactionOutcome.Cancelled.class, updater.transact(transfer));
        assertEquals(1, cancelled.failures().size());
        TransactionOutcome.ActionFailure failure = cancelled.failures().get(0);
        assertEquals(1, failure.index());
        assertEquals("b", failure.key().get("sku").s());
        assertEquals("ConditionalCheckFailed", failure.code());
        assertEquals(1, number(failure.current().orElseThrow(), "quantity"));
        assertEquals(10, number(read(key("a")), "quantity"));
        assertEquals(1, number(read(key("b")), "quantity"));
    }

    @Test
    void transact_retriedWithSameToken_appliesOnce() {
        create("t", 10);
        Transaction take = Transaction.builder()
                .token("order-4711")
                .adjust(key("t"), "quantity", BigDecimal.valueOf(-4), BigDecimal.ZERO)
                .build();
        assertInstanceOf(TransactionOutcome.Committed.class, updater.transact(take));
        assertInstanceOf(TransactionOutcome.Committed.class, updater.transact(take));
        assertEquals(6, number(read(key("t")), "quantity"));
    }

    @Test
    void transact_sameTokenOtherActions_rejected() {
        create("u", 10);
        updater.transact(Transaction.builder()
                .token("tok-1")
                .adjust(key("u"), "quantity", BigDecimal.ONE, BigDecimal.ZERO)
                .build());
        TransactionOutcome outcome = updater.transact(Transaction.builder()
                .token("tok-1")
                .adjust(key("u"), "quantity", BigDecimal.TEN, BigDecimal.ZERO)
                .build());
        assertInstanceOf(TransactionOutcome.Rejected.class, outcome);
        assertEquals(11, number(read(key("u")), "quantity"));
    }

    @Test
    void transact_versionedPutAndCheck_commitAndBumpVersion() {
        create("p", 3);
        Map<String, AttributeValue> next = new HashMap<>(read(key("p")));
        next.put("quantity", AttributeValue.fromN("2"));
        create("q", 9);
        TransactionOutcome outcome = updater.transact(Transaction.builder()
                .put(next, Optional.of(1L))
                .check(key("q"), 1)
                .build());
        assertInstanceOf(TransactionOutcome.Committed.class, outcome);
        Map<String, AttributeValue> written = read(key("p"));
        assertEquals(2, number(written, "quantity"));
        assertEquals(2, number(written, "version"));
        assertTrue(!written.containsKey("lastDelta"), "a put in a transaction carries no stale delta");
    }
}
