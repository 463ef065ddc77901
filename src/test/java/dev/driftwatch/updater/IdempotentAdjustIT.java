package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.demo.FaultProxy;
import dev.driftwatch.support.TestEndpoint;
import dev.driftwatch.updater.internal.IdempotentAdjustOperation;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * adjustOnce against the local endpoint, also behind a proxy that lets writes land and drops their
 * responses (the SDK retries them): each operation applies once, where a plain adjust applies again.
 */
class IdempotentAdjustIT {
    private static final Map<String, AttributeValue> HOT = Map.of("sku", AttributeValue.fromS("hot"));
    private static final BigDecimal MINUS_ONE = BigDecimal.ONE.negate();
    private static final int OPERATIONS = 60;

    private AwsClients clients;
    private String table;
    private String ledger;

    @BeforeEach
    void freshTables() {
        clients = TestEndpoint.clients();
        table = TestEndpoint.freshInventoryTable("idempotent");
        ledger = table + "-ledger";
        assertTrue(ConditionalUpdater.createLedgerTable(clients.dynamoDb(), ledger));
        clients.dynamoDb()
                .putItem(b -> b.tableName(table)
                        .item(Map.of(
                                "sku",
                                HOT.get("sku"),
                                "quantity",
                                AttributeValue.fromN("1000"),
                                "version",
                                AttributeValue.fromN("1"))));
    }

    private ConditionalUpdater updater(AwsClients via, String writer) {
        return updater(via.dynamoDb(), writer);
    }

    private ConditionalUpdater updater(DynamoDbClient client, String writer) {
        return ConditionalUpdater.builder()
                .client(client)
                .table(table)
                .partitionKey("sku")
                .writer(writer)
                .ledger(ledger)
                .retry(new RetryPolicy(50, Duration.ofMillis(1), Duration.ofMillis(20)))
                .build();
    }

    private long quantity() {
        return Long.parseLong(clients.dynamoDb()
                .getItem(b -> b.tableName(table).key(HOT).consistentRead(true))
                .item()
                .get("quantity")
                .n());
    }

    @Test
    void adjustOnce_sameOperationTwice_appliedThenAlreadyApplied() {
        ConditionalUpdater updater = updater(clients, "checkout");
        assertInstanceOf(
                UpdateOutcome.Applied.class,
                updater.adjustOnce("order-17", HOT, "quantity", MINUS_ONE, BigDecimal.ZERO));
        UpdateOutcome again = updater.adjustOnce("order-17", HOT, "quantity", MINUS_ONE, BigDecimal.ZERO);
        assertEquals(new UpdateOutcome.AlreadyApplied("order-17", 1), again);
        assertEquals(999, quantity());
        assertEquals(
                "order-17",
                clients.dynamoDb()
                        .getItem(b -> b.tableName(table).key(HOT).consistentRead(true))
                        .item()
                        .get("writeId")
                        .s(),
                "the operation id stamps the write");
    }

    /**
     * Issue 18 item 4: an operation id used again with another delta, attribute or floor is a caller's bug, not a
     * retry: its own outcome naming what was recorded, and nothing written. The same parameters again (a number
     * written another way, -1.0 for -1) are a retry: AlreadyApplied.
     */
    @Test
    void adjustOnce_operationIdReusedWithOtherParameters_ownOutcomeAndNothingWritten() {
        ConditionalUpdater updater = updater(clients, "checkout");
        assertInstanceOf(
                UpdateOutcome.Applied.class,
                updater.adjustOnce("order-18", HOT, "quantity", new BigDecimal("-2"), BigDecimal.ZERO));

        UpdateOutcome otherDelta =
                updater.adjustOnce("order-18", HOT, "quantity", new BigDecimal("-5"), BigDecimal.ZERO);
        UpdateOutcome otherAttribute =
                updater.adjustOnce("order-18", HOT, "reserved", new BigDecimal("-2"), BigDecimal.ZERO);
        UpdateOutcome otherFloor =
                updater.adjustOnce("order-18", HOT, "quantity", new BigDecimal("-2"), BigDecimal.TEN);
        UpdateOutcome retry =
                updater.adjustOnce("order-18", HOT, "quantity", new BigDecimal("-2.0"), new BigDecimal("0.00"));

        assertEquals(
                new UpdateOutcome.OperationIdReused(
                        "order-18", "recorded quantity -2 (floor 0), this call quantity -5 (floor 0)", 1),
                otherDelta);
        assertEquals(
                new UpdateOutcome.OperationIdReused(
                        "order-18", "recorded quantity -2 (floor 0), this call reserved -2 (floor 0)", 1),
                otherAttribute);
        assertEquals(
                new UpdateOutcome.OperationIdReused(
                        "order-18", "recorded quantity -2 (floor 0), this call quantity -2 (floor 10)", 1),
                otherFloor);
        assertEquals(new UpdateOutcome.AlreadyApplied("order-18", 1), retry);
        assertEquals(998, quantity());
    }

    /**
     * Issue 16 item 6: the ledger entry joined table, item and operation with {@code #}, so item {@code a#b}
     * with operation {@code c} and item {@code a} with operation {@code b#c} were one entry, and the
     * second, a different operation on a different item, was reported AlreadyApplied and never applied.
     */
    @Test
    void adjustOnce_itemAndOperationThatJoinedAlike_bothApplied() {
        ConditionalUpdater updater = updater(clients, "checkout");
        Map<String, AttributeValue> hashed = Map.of("sku", AttributeValue.fromS("a#b"));
        Map<String, AttributeValue> plain = Map.of("sku", AttributeValue.fromS("a"));
        for (Map<String, AttributeValue> key : List.of(hashed, plain)) {
            clients.dynamoDb()
                    .putItem(b -> b.tableName(table)
                            .item(Map.of("sku", key.get("sku"), "quantity", AttributeValue.fromN("10"))));
        }

        assertInstanceOf(
                UpdateOutcome.Applied.class, updater.adjustOnce("c", hashed, "quantity", MINUS_ONE, BigDecimal.ZERO));
        assertInstanceOf(
                UpdateOutcome.Applied.class, updater.adjustOnce("b#c", plain, "quantity", MINUS_ONE, BigDecimal.ZERO));
    }

    /** An operation recorded under the entry format from before escaping is still found: never applied twice. */
    @Test
    void adjustOnce_operationRecordedInTheOldEntryFormat_alreadyApplied() {
        Map<String, AttributeValue> hashed = Map.of("sku", AttributeValue.fromS("x#y"));
        clients.dynamoDb()
                .putItem(b -> b.tableName(table)
                        .item(Map.of("sku", hashed.get("sku"), "quantity", AttributeValue.fromN("10"))));
        clients.dynamoDb()
                .putItem(b -> b.tableName(ledger)
                        .item(Map.of(
                                IdempotentAdjustOperation.LEDGER_KEY,
                                AttributeValue.fromS(table + "#x#y#order-20"),
                                "delta",
                                AttributeValue.fromN("-1"))));

        UpdateOutcome outcome =
                updater(clients, "checkout").adjustOnce("order-20", hashed, "quantity", MINUS_ONE, BigDecimal.ZERO);

        assertEquals(new UpdateOutcome.AlreadyApplied("order-20", 1), outcome);
    }

    @Test
    void adjustOnce_tooLittleStock_insufficientAndOperationStillFree() {
        ConditionalUpdater updater = updater(clients, "checkout");
        UpdateOutcome outcome =
                updater.adjustOnce("order-18", HOT, "quantity", BigDecimal.valueOf(-1001), BigDecimal.ZERO);
        UpdateOutcome.Insufficient insufficient = assertInstanceOf(UpdateOutcome.Insufficient.class, outcome);
        assertEquals("1000", insufficient.current().get("quantity").n());
        assertInstanceOf(
                UpdateOutcome.Applied.class,
                updater.adjustOnce("order-18", HOT, "quantity", MINUS_ONE, BigDecimal.ZERO),
                "a refused operation recorded nothing in the ledger");
        assertEquals(999, quantity());
    }

    @Test
    void adjustOnce_missingItem_missing() {
        assertInstanceOf(
                UpdateOutcome.Missing.class,
                updater(clients, "checkout")
                        .adjustOnce(
                                "order-19",
                                Map.of("sku", AttributeValue.fromS("nope")),
                                "quantity",
                                MINUS_ONE,
                                BigDecimal.ZERO));
    }

    @Test
    void adjustOnce_withoutLedger_saysWhatIsMissing() {
        ConditionalUpdater plain = ConditionalUpdater.builder()
                .client(clients.dynamoDb())
                .table(table)
                .partitionKey("sku")
                .build();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> plain.adjustOnce("x", HOT, "quantity", MINUS_ONE, BigDecimal.ZERO));
        assertEquals("adjustOnce needs a ledger table: ConditionalUpdater.builder().ledger(\"...\")", e.getMessage());
    }

    /**
     * Four writers, {@link #OPERATIONS} decrements of one through a proxy dropping 30 % of responses. The
     * client retries up to 30 times: with the SDK's 9 attempts a call loses them all with probability
     * 0.3^9 (one in about 50,000), and one did in a loaded CI run; the test is about what retries do, not
     * about when they run out.
     */
    private long raceThroughLossyProxy(boolean idempotent) throws Exception {
        try (FaultProxy proxy = new FaultProxy(TestEndpoint.url(), FaultProxy.Faults.droppedResponses(0.3));
                DynamoDbClient lossy = DynamoDbClient.builder()
                        .region(Region.US_EAST_1)
                        .endpointOverride(proxy.url())
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(30)))
                        .build()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<UpdateOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < OPERATIONS; i++) {
                String operation = "op-" + i;
                ConditionalUpdater updater = updater(lossy, "writer-" + (i % 4));
                outcomes.add(pool.submit(() -> idempotent
                        ? updater.adjustOnce(operation, HOT, "quantity", MINUS_ONE, BigDecimal.ZERO)
                        : updater.adjust(HOT, "quantity", MINUS_ONE)));
            }
            for (Future<UpdateOutcome> outcome : outcomes) {
                assertInstanceOf(
                        UpdateOutcome.Applied.class, outcome.get(), "every call reports its single application");
            }
            pool.shutdown();
            assertTrue(proxy.dropped.sum() > 0, "the proxy dropped no response");
            return proxy.dropped.sum();
        }
    }

    @Test
    void adjustOnce_responsesDroppedAfterTheWriteLanded_eachOperationAppliesOnce() throws Exception {
        raceThroughLossyProxy(true);
        assertEquals(1000 - OPERATIONS, quantity());
        ConditionalUpdater direct = updater(clients, "late-retry");
        for (int i = 0; i < OPERATIONS; i++) {
            assertInstanceOf(
                    UpdateOutcome.AlreadyApplied.class,
                    direct.adjustOnce("op-" + i, HOT, "quantity", MINUS_ONE, BigDecimal.ZERO),
                    "op-" + i);
        }
        assertEquals(1000 - OPERATIONS, quantity(), "retries long after, without the token: still once");
    }

    @Test
    void adjust_responsesDroppedAfterTheWriteLanded_appliedOncePerDroppedResponseMore() throws Exception {
        long dropped = raceThroughLossyProxy(false);
        assertEquals(1000 - OPERATIONS - dropped, quantity(), "each lost response: the SDK's retry applied it again");
    }
}
