package dev.driftwatch.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.cost.CostMeter.Kind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class MeteringInterceptorTest {
    private static final Purposes PURPOSES = new Purposes(
            "inventory",
            "findings",
            "driftwatch-inventory",
            "pk",
            Map.of("images#", Purposes.IMAGES, "coverage#", Purposes.COVERAGE, "state#", Purposes.STREAM_GAP_STATE),
            Set.of("pending-alerts"),
            List.of(new Purposes.IndexKeys("by-rule", "ruleDay", "detectedAt")));

    private final CostMeter meter = new CostMeter();
    private final MeteringInterceptor interceptor = new MeteringInterceptor(meter, PURPOSES);

    /** An item of exactly {@code bytes} bytes (a one-letter key and a string of the rest). */
    private static Map<String, AttributeValue> item(String pk, int bytes) {
        int filler = bytes - 2 - pk.length() - 1;
        return Map.of("pk", AttributeValue.fromS(pk), "x", AttributeValue.fromS("a".repeat(filler)));
    }

    private double units(String purpose, Kind kind) {
        return meter.total(key -> key.purpose().equals(purpose) && key.kind() == kind);
    }

    @Test
    void batchWrite_fiveHundredBytesAndThreeAndAHalfKb_roundedEachFiveUnits() {
        assertEquals(500, ItemBytes.of(item("images#1", 500)));
        BatchWriteItemRequest batch = BatchWriteItemRequest.builder()
                .requestItems(Map.of(
                        "findings",
                        List.of(
                                WriteRequest.builder()
                                        .putRequest(PutRequest.builder()
                                                .item(item("images#1", 500))
                                                .build())
                                        .build(),
                                WriteRequest.builder()
                                        .putRequest(PutRequest.builder()
                                                .item(item("images#2", 3_500))
                                                .build())
                                        .build())))
                .build();

        interceptor.count(batch, BatchWriteItemResponse.builder().build());

        assertEquals(5.0, units(Purposes.IMAGES, Kind.WRITE_UNITS));
        assertEquals(1.0, units(Purposes.IMAGES, Kind.REQUESTS));
    }

    @Test
    void batchWrite_unprocessedItem_notCounted() {
        WriteRequest first = WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item("images#1", 500)).build())
                .build();
        WriteRequest second = WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item("images#2", 3_500)).build())
                .build();
        interceptor.count(
                BatchWriteItemRequest.builder()
                        .requestItems(Map.of("findings", List.of(first, second)))
                        .build(),
                BatchWriteItemResponse.builder()
                        .unprocessedItems(Map.of("findings", List.of(second)))
                        .build());

        assertEquals(1.0, units(Purposes.IMAGES, Kind.WRITE_UNITS));
    }

    @Test
    void batchGet_oneAndAHalfAndSixAndAHalfKb_twelveKbThreeUnits() {
        BatchGetItemRequest request = BatchGetItemRequest.builder()
                .requestItems(Map.of(
                        "findings",
                        KeysAndAttributes.builder()
                                .keys(List.of(
                                        Map.of("pk", AttributeValue.fromS("state#a")),
                                        Map.of("pk", AttributeValue.fromS("state#b"))))
                                .consistentRead(true)
                                .build()))
                .build();
        BatchGetItemResponse response = BatchGetItemResponse.builder()
                .responses(Map.of("findings", List.of(item("state#a", 1_536), item("state#b", 6_656))))
                .build();

        interceptor.count(request, response);

        assertEquals(3.0, units(Purposes.STREAM_GAP_STATE, Kind.READ_UNITS));
    }

    @Test
    void putFinding_withIndexKeys_writesTheIndexToo() {
        Map<String, AttributeValue> finding = new java.util.HashMap<>(item("inventory#a", 1_500));
        finding.put("ruleDay", AttributeValue.fromS("r"));
        finding.put("detectedAt", AttributeValue.fromS("t"));

        interceptor.count(
                PutItemRequest.builder().tableName("findings").item(finding).build(),
                software.amazon.awssdk.services.dynamodb.model.PutItemResponse.builder()
                        .build());

        assertEquals(2.0, units(Purposes.FINDINGS, Kind.WRITE_UNITS));
        assertEquals(2.0, units("index:by-rule", Kind.WRITE_UNITS));
    }

    /** A conditional put refused (the finding already stored) costs its table write units and no index write. */
    @Test
    void putFinding_refused_tableUnitsOnly() {
        Map<String, AttributeValue> finding = new java.util.HashMap<>(item("inventory#a", 1_500));
        finding.put("ruleDay", AttributeValue.fromS("r"));
        finding.put("detectedAt", AttributeValue.fromS("t"));

        interceptor.count(
                PutItemRequest.builder().tableName("findings").item(finding).build(), null);

        assertEquals(2.0, units(Purposes.FINDINGS, Kind.WRITE_UNITS));
        assertEquals(0.0, units("index:by-rule", Kind.WRITE_UNITS));
    }

    /**
     * The shipped names: application "driftwatch", audit table "driftwatch-findings". The audit table starts with
     * the application's name, and is not one of KCL's tables: an update of a finding row is an alert's, not a lease's.
     */
    @Test
    void auditTableNamedAfterTheApplication_notTakenForALeaseTable() {
        Purposes shipped = new Purposes(
                "inventory",
                "driftwatch-findings",
                "driftwatch",
                "pk",
                Map.of("coverage#", Purposes.COVERAGE),
                Set.of("pending-alerts"),
                List.of());
        assertEquals(
                Purposes.ALERTS,
                shipped.ofUpdate("driftwatch-findings", Map.of("pk", AttributeValue.fromS("inventory#a")), "SET x"));
        assertEquals(
                Purposes.COVERAGE,
                shipped.ofUpdate("driftwatch-findings", Map.of("pk", AttributeValue.fromS("coverage#inventory")), ""));
        assertEquals(Purposes.CHECKPOINTS, shipped.ofUpdate("driftwatch", Map.of(), "SET checkpoint = :c"));
        assertEquals(Purposes.LEASES, shipped.ofRow("driftwatch-CoordinatorState", Map.of()));
        assertEquals(Purposes.LEASES, shipped.ofRow("driftwatch-WorkerMetricStats", Map.of()));
        assertEquals(Purposes.OTHER, shipped.ofRow("driftwatch-something-else", Map.of()));
    }

    /** The totals a metrics registry reads are the meter's own, held for good (a weak reference reads them too). */
    @Test
    void onEachKey_givesTheRunningTotalItself() {
        java.util.List<java.util.concurrent.atomic.DoubleAdder> seen = new java.util.ArrayList<>();
        meter.onEachKey((key, total) -> seen.add(total));
        meter.add("t", "p", Kind.WRITE_UNITS, 1);
        meter.add("t", "p", Kind.WRITE_UNITS, 2);
        assertEquals(1, seen.size());
        assertEquals(3.0, seen.get(0).sum());
    }

    @Test
    void transactWrite_twoPuts_twiceTheUnits() {
        TransactWriteItemsRequest transaction = TransactWriteItemsRequest.builder()
                .transactItems(
                        TransactWriteItem.builder()
                                .put(p -> p.tableName("findings").item(item("state#a", 500)))
                                .build(),
                        TransactWriteItem.builder()
                                .put(p -> p.tableName("findings").item(item("state#b", 1_500)))
                                .build())
                .build();

        interceptor.count(transaction, null);

        assertEquals(2.0 + 4.0, units(Purposes.STREAM_GAP_STATE, Kind.WRITE_UNITS));
    }

    @Test
    void leaseUpdate_checkpointOrRenewal_toldApart() {
        interceptor.count(
                UpdateItemRequest.builder()
                        .tableName("driftwatch-inventory")
                        .key(Map.of("leaseKey", AttributeValue.fromS("shard-1")))
                        .updateExpression("SET #c = :c")
                        .expressionAttributeNames(Map.of("#c", "checkpoint"))
                        .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("123")))
                        .build(),
                null);
        interceptor.count(
                UpdateItemRequest.builder()
                        .tableName("driftwatch-inventory")
                        .key(Map.of("leaseKey", AttributeValue.fromS("shard-1")))
                        .updateExpression("SET leaseCounter = :n")
                        .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("7")))
                        .build(),
                null);

        assertEquals(1.0, units(Purposes.CHECKPOINTS, Kind.WRITE_UNITS));
        assertEquals(1.0, units(Purposes.LEASES, Kind.WRITE_UNITS));
    }

    @Test
    void getRecords_emptyPollsApart() {
        interceptor.count(
                GetRecordsRequest.builder().build(),
                GetRecordsResponse.builder().build());
        interceptor.count(
                GetRecordsRequest.builder().build(),
                GetRecordsResponse.builder().records(Record.builder().build()).build());

        assertEquals(1.0, units(Purposes.EMPTY_POLLS, Kind.REQUESTS));
        assertEquals(1.0, units(Purposes.STREAM_READS, Kind.REQUESTS));
    }
}
