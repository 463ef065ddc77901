package dev.driftwatch.updater.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.updater.ContentionStats;
import dev.driftwatch.updater.RetryPolicy;
import dev.driftwatch.updater.StampAttributes;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class WriteHistoryTest {
    private static final UpdaterContext CONTEXT = new UpdaterContext(
            DynamoDbClient.builder()
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .build(),
            "t",
            "sku",
            Optional.empty(),
            StampAttributes.DEFAULTS,
            "w",
            1,
            RetryPolicy.DEFAULT,
            new ContentionStats());
    private static final String OURS = "0f1e2d3c-4b5a-4697-8877-665544332211";

    /** The item after {@code writes} more puts on top of {@code first} at version 1 (write ids w2, w3, …). */
    private static Map<String, AttributeValue> after(String first, int writes) {
        Map<String, AttributeValue> item = Map.of(
                "sku", AttributeValue.fromS("A"),
                "version", AttributeValue.fromN("1"),
                "writeId", AttributeValue.fromS(first));
        for (int v = 2; v <= writes + 1; v++) {
            Map<String, AttributeValue> next = new HashMap<>(item);
            next.put("version", AttributeValue.fromN(Integer.toString(v)));
            next.put("writeId", AttributeValue.fromS("other-write-" + v + "-xxxxxxxxxxxx"));
            WriteHistory.next(CONTEXT, Optional.of(item)).ifPresent(h -> next.put("writeIdHistory", h));
            item = next;
        }
        return item;
    }

    private static WriteHistory.Landed landed(Map<String, AttributeValue> seen) {
        return WriteHistory.landed(CONTEXT, Optional.of(seen), OURS, BigDecimal.ONE);
    }

    @Test
    void landed_itemIsStillOurs_yes() {
        assertEquals(WriteHistory.Landed.YES, landed(after(OURS, 0)));
    }

    @Test
    void landed_oursThenUpToEightOthers_yes() {
        assertEquals(WriteHistory.Landed.YES, landed(after(OURS, 1)));
        assertEquals(WriteHistory.Landed.YES, landed(after(OURS, WriteHistory.DEPTH)));
    }

    @Test
    void landed_anotherWriteTookOurVersion_no() {
        assertEquals(WriteHistory.Landed.NO, landed(after("someone-else-entirely", 0)));
        assertEquals(WriteHistory.Landed.NO, landed(after("someone-else-entirely", 3)));
    }

    @Test
    void landed_moreWritesSinceThanRemembered_unknown() {
        assertEquals(WriteHistory.Landed.UNKNOWN, landed(after(OURS, WriteHistory.DEPTH + 1)));
        assertEquals(WriteHistory.Landed.UNKNOWN, landed(after("someone-else-entirely", WriteHistory.DEPTH + 1)));
    }

    @Test
    void landed_itemGone_unknown() {
        assertEquals(WriteHistory.Landed.UNKNOWN, WriteHistory.landed(CONTEXT, Optional.empty(), OURS, BigDecimal.ONE));
    }

    @Test
    void landed_historyNamesOurVersionTwice_unknown() {
        // A history this updater did not write (copied by a caller into another item): which entry is true is unknown.
        Map<String, AttributeValue> item = new HashMap<>(after(OURS, 2));
        List<AttributeValue> history =
                new java.util.ArrayList<>(item.get("writeIdHistory").l());
        history.add(AttributeValue.fromS("1:someone-else"));
        item.put("writeIdHistory", AttributeValue.fromL(history));
        assertEquals(WriteHistory.Landed.UNKNOWN, landed(item));
    }

    private static software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException conflict(
            int attempts, String... earlier) {
        var e = software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.builder()
                .message("The conditional request failed")
                .numAttempts(attempts)
                .build();
        for (int i = 0; i < earlier.length; i++) {
            e.addSuppressed(software.amazon.awssdk.core.exception.SdkClientException.create(
                    "Request attempt " + (i + 1) + " failure: " + earlier[i]));
        }
        return e;
    }

    @Test
    void resent_firstAttempt_false() {
        assertEquals(false, WriteHistory.resent(conflict(1)));
    }

    @Test
    void resent_afterThrottling_false() {
        assertEquals(
                false,
                WriteHistory.resent(
                        conflict(
                                3,
                                "Rate of requests exceeds the allowed throughput (Service: DynamoDb, Status Code: 400,"
                                        + " Request ID: A)",
                                "Throughput exceeds the current capacity (Service: DynamoDb, Status Code: 400, Request ID: B)")));
    }

    @Test
    void resent_afterLostConnectionOrServerError_true() {
        assertEquals(true, WriteHistory.resent(conflict(2, "Unable to execute HTTP request: Connection reset")));
        assertEquals(
                true,
                WriteHistory.resent(conflict(
                        3,
                        "Rate exceeded (Service: DynamoDb, Status Code: 400, Request ID: A)",
                        "Internal server error (Service: DynamoDb, Status Code: 500, Request ID: B)")));
    }

    @Test
    void resent_earlierAttemptsNotRecorded_true() {
        assertEquals(true, WriteHistory.resent(conflict(2)));
    }

    @Test
    void next_manyWrites_keepsTheLastEightEntriesShort() {
        List<AttributeValue> history = after(OURS, 20).get("writeIdHistory").l();
        assertEquals(WriteHistory.DEPTH, history.size());
        assertEquals("20:other-write-2", history.get(history.size() - 1).s());
        assertEquals("13:other-write-1", history.get(0).s());
    }
}
