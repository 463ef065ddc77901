package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.support.TestEndpoint;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Sharded counters on the local endpoint: exact sums under 8 writers, no shard below its floor, stock moved. */
class ShardedCounterIT {
    private static final BigDecimal MINUS_ONE = BigDecimal.ONE.negate();

    private AwsClients clients;
    private String table;
    private ShardedCounter counter;

    @BeforeEach
    void freshTable() {
        clients = TestEndpoint.clients();
        table = TestEndpoint.freshInventoryTable("sharded");
        counter = ConditionalUpdater.builder()
                .client(clients.dynamoDb())
                .table(table)
                .partitionKey("sku")
                .writer("it")
                .retry(new RetryPolicy(200, Duration.ofMillis(1), Duration.ofMillis(20)))
                .build()
                .sharded("quantity", false);
    }

    private Optional<Map<String, AttributeValue>> item(String key) {
        var response = clients.dynamoDb()
                .getItem(b -> b.tableName(table)
                        .key(Map.of("sku", AttributeValue.fromS(key)))
                        .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private long shard(int i) {
        return Long.parseLong(item(ShardedCounter.shardKey("A", i))
                .orElseThrow()
                .get("quantity")
                .n());
    }

    private List<UpdateOutcome> eightWriters(int each, BigDecimal delta) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<UpdateOutcome>>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                List<UpdateOutcome> outcomes = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    outcomes.add(counter.adjust("A", delta, BigDecimal.ZERO));
                }
                return outcomes;
            }));
        }
        List<UpdateOutcome> all = new ArrayList<>();
        for (Future<List<UpdateOutcome>> future : futures) {
            all.addAll(future.get());
        }
        pool.shutdown();
        return all;
    }

    @Test
    void create_thousandOverFour_evenSharesAndHeadRecordsCount() {
        assertInstanceOf(TransactionOutcome.Committed.class, counter.create("A", BigDecimal.valueOf(1002), 4));
        assertEquals(List.of(251L, 251L, 250L, 250L), List.of(shard(0), shard(1), shard(2), shard(3)));
        assertEquals("4", item("A").orElseThrow().get("shards").n());
        assertEquals(
                "4",
                item(ShardedCounter.shardKey("A", 3))
                        .orElseThrow()
                        .get("shards")
                        .n(),
                "each shard names N too");
        assertEquals(Optional.of(BigDecimal.valueOf(1002)), counter.read("A"));
    }

    @Test
    void adjust_eightWritersFiftyEach_sumExactAndEveryShardUsed() throws Exception {
        counter.create("A", BigDecimal.valueOf(1000), 4);
        List<UpdateOutcome> outcomes = eightWriters(50, MINUS_ONE);
        assertEquals(400, outcomes.stream().filter(UpdateOutcome::isApplied).count());
        assertEquals(Optional.of(BigDecimal.valueOf(600)), counter.read("A"));
        for (int i = 0; i < 4; i++) {
            assertTrue(shard(i) < 250, "shard " + i + " never written: " + shard(i));
        }
    }

    @Test
    void adjust_eightWritersAskMoreThanTheStock_exactlyTheStockTakenNoShardBelowFloor() throws Exception {
        counter.create("A", BigDecimal.valueOf(100), 4);
        List<UpdateOutcome> outcomes = eightWriters(20, MINUS_ONE);
        assertEquals(100, outcomes.stream().filter(UpdateOutcome::isApplied).count());
        assertEquals(
                60,
                outcomes.stream()
                        .filter(o -> o instanceof UpdateOutcome.Insufficient)
                        .count());
        assertEquals(Optional.of(BigDecimal.ZERO), counter.read("A"));
        for (int i = 0; i < 4; i++) {
            assertEquals(0, shard(i), "shard " + i);
        }
    }

    @Test
    void adjust_noSingleShardCanServe_takenFromSeveralInOneTransaction() {
        counter.create("A", BigDecimal.valueOf(10), 4); // 3, 3, 2, 2
        assertInstanceOf(UpdateOutcome.Applied.class, counter.adjust("A", BigDecimal.valueOf(-9), BigDecimal.ZERO));
        assertEquals(Optional.of(BigDecimal.ONE), counter.read("A"));
        for (int i = 0; i < 4; i++) {
            assertTrue(shard(i) >= 0, "shard " + i);
        }
        UpdateOutcome.Insufficient insufficient = assertInstanceOf(
                UpdateOutcome.Insufficient.class, counter.adjust("A", BigDecimal.valueOf(-2), BigDecimal.ZERO));
        assertEquals("1", insufficient.current().get("quantity").n());
        assertEquals(Optional.of(BigDecimal.ONE), counter.read("A"), "an insufficient decrement takes nothing");
    }

    @Test
    void reshard_fourToTwoAndBackToEight_totalKeptAndOldShardsRetiredEmpty() {
        counter.create("A", BigDecimal.valueOf(101), 4);
        counter.adjust("A", BigDecimal.valueOf(-1), BigDecimal.ZERO);
        assertInstanceOf(TransactionOutcome.Committed.class, counter.reshard("A", 2));
        assertEquals(List.of(50L, 50L, 0L, 0L), List.of(shard(0), shard(1), shard(2), shard(3)));
        for (int retired = 2; retired < 4; retired++) {
            assertEquals(
                    "2",
                    item(ShardedCounter.shardKey("A", retired))
                            .orElseThrow()
                            .get(ShardedCounter.SHARDS)
                            .n(),
                    "a retired shard carries the new count, so no writer of it counts it");
        }
        assertInstanceOf(TransactionOutcome.Committed.class, counter.reshard("A", 8));
        assertEquals(Optional.of(BigDecimal.valueOf(100)), counter.read("A"));
        assertEquals(Optional.of(8), counter.shards("A"));
        assertInstanceOf(UpdateOutcome.Applied.class, counter.adjust("A", BigDecimal.valueOf(5), BigDecimal.ZERO));
        assertEquals(Optional.of(BigDecimal.valueOf(105)), counter.read("A"));
    }

    /** Issue 18 item 3: another instance reshards; this one's cached count read four of eight shards. */
    @Test
    void read_anotherInstanceResharded_readsEveryShardOfTheNewCount() {
        counter.create("A", BigDecimal.valueOf(100), 4);
        assertEquals(Optional.of(BigDecimal.valueOf(100)), counter.read("A")); // caches 4
        ShardedCounter other = ConditionalUpdater.builder()
                .client(clients.dynamoDb())
                .table(table)
                .partitionKey("sku")
                .writer("other")
                .build()
                .sharded("quantity", false);

        assertInstanceOf(TransactionOutcome.Committed.class, other.reshard("A", 8));
        assertInstanceOf(TransactionOutcome.Committed.class, other.reshard("A", 2));
        Optional<BigDecimal> afterShrink = counter.read("A");
        assertInstanceOf(TransactionOutcome.Committed.class, other.reshard("A", 8));

        assertEquals(Optional.of(BigDecimal.valueOf(100)), afterShrink);
        assertEquals(Optional.of(BigDecimal.valueOf(100)), counter.read("A"));
        assertEquals(Optional.of(8), counter.shards("A"));
    }

    @Test
    void adjust_missingLogicalItem_missing() {
        assertInstanceOf(UpdateOutcome.Missing.class, counter.adjust("nope", MINUS_ONE, BigDecimal.ZERO));
        assertEquals(Optional.empty(), counter.read("nope"));
    }
}
