package dev.driftwatch.streamgap;

import static dev.driftwatch.record.TestRecords.insert;
import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.record.TestRecords.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.ChangeRecordDecoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class StreamGapCheckTest {
    private final InMemoryItemStateStore store = new InMemoryItemStateStore();
    private final StreamGapCheck check = new StreamGapCheck(TableConfig.named("inventory"), store);

    private List<String> gaps(ChangeRecord... records) {
        StreamGapCheck.Batch batch = check.check(List.of(records));
        batch.commit();
        return batch.gaps().stream()
                .map(gap ->
                        gap.record().sequenceNumber() + " " + gap.violation().message())
                .toList();
    }

    @Test
    void check_unbrokenChain_noGap() {
        assertEquals(
                List.of(),
                gaps(
                        insert(item("quantity", 10, "version", 1)),
                        modify(item("quantity", 10, "version", 1), item("quantity", 9, "version", 2)),
                        remove(item("quantity", 9, "version", 2)),
                        insert(item("quantity", 5, "version", 1))));
    }

    @Test
    void check_oldImageNotTheLastNewImage_isADriftGapNamingBothVersions() {
        gaps(
                insert(item("quantity", 10, "version", 1)),
                modify(item("quantity", 10, "version", 1), item("quantity", 9, "version", 2)));
        ChangeRecord afterMissedChange = modify(item("quantity", 7, "version", 3), item("quantity", 6, "version", 4));

        StreamGapCheck.Batch batch = check.check(List.of(afterMissedChange));

        assertEquals(1, batch.gaps().size());
        assertEquals(FindingClass.DRIFT, batch.gaps().get(0).violation().findingClass());
        assertEquals(
                true,
                batch.gaps()
                        .get(0)
                        .violation()
                        .message()
                        .matches(
                                "old image differs from the last new image seen \\(sequence \\d+\\): version 2 then, 3 before this change: "
                                        + "a change of this item is missing from the stream"),
                batch.gaps().get(0).violation().message());
    }

    @Test
    void check_insertOfAnItemSeenPresent_isAMissedRemove() {
        gaps(insert(item("quantity", 10, "version", 1)));

        List<String> found = gaps(insert(item("quantity", 3, "version", 1)));

        assertEquals(1, found.size());
        assertEquals(true, found.get(0).contains("INSERT of an item the audit trail last saw present"), found.get(0));
    }

    @Test
    void check_redeliveredRecords_areNotCheckedAgain() {
        ChangeRecord first = insert(item("quantity", 10, "version", 1));
        ChangeRecord second = modify(item("quantity", 10, "version", 1), item("quantity", 9, "version", 2));
        gaps(first, second);

        assertEquals(List.of(), gaps(first, second));
        assertEquals(
                Optional.of(new java.math.BigDecimal("2")),
                store.load("inventory", List.of("A-1")).get("A-1").version());
    }

    @Test
    void check_batchNotCommitted_yieldsTheSameGapOnRetry() {
        gaps(insert(item("quantity", 10, "version", 1)));
        ChangeRecord gap = modify(item("quantity", 4, "version", 5), item("quantity", 3, "version", 6));

        List<String> first = check.check(List.of(gap)).gaps().stream()
                .map(g -> g.record().sequenceNumber())
                .toList();
        List<String> retried = check.check(List.of(gap)).gaps().stream()
                .map(g -> g.record().sequenceNumber())
                .toList();

        assertEquals(List.of(gap.sequenceNumber()), first);
        assertEquals(first, retried);
    }

    @Test
    void check_anotherWorkerMovedTheItemOn_cachedStateIsConfirmedFirst() {
        ChangeRecord inserted = insert(item("quantity", 10, "version", 1));
        gaps(inserted);
        ChangeRecord byOtherWorker = modify(item("quantity", 10, "version", 1), item("quantity", 8, "version", 2));
        new StreamGapCheck(TableConfig.named("inventory"), store)
                .check(List.of(byOtherWorker))
                .commit();

        assertEquals(List.of(), gaps(modify(item("quantity", 8, "version", 2), item("quantity", 7, "version", 3))));
    }

    @Test
    void commit_newerStateStored_isNotOverwritten() {
        store.advance("inventory", List.of(new ItemState("A-1", "99999999", "x", Optional.empty())));

        StreamGapCheck.Batch batch = new StreamGapCheck(TableConfig.named("inventory"), store)
                .check(List.of(modify(item("quantity", 1), item("quantity", 2))));
        batch.commit();

        assertEquals(List.of(), batch.gaps());
        assertEquals(
                "99999999", store.load("inventory", List.of("A-1")).get("A-1").sequenceNumber());
    }

    /** A baseline was scanned among records in flight: the item's next record is not checked against it. */
    @Test
    void check_stateIsABaselineFromReconcile_nextRecordIsNotCheckedAgainstIt() {
        store.advance(
                "inventory",
                List.of(new ItemState(
                        "A-1", ItemState.BASELINE_SEQUENCE, ImageDigest.of(item("quantity", 3)), Optional.empty())));

        List<String> found = gaps(modify(item("quantity", 1), item("quantity", 2)));

        assertEquals(List.of(), found);
        assertEquals(
                List.of("A-1"),
                gaps(modify(item("quantity", 7), item("quantity", 8))).stream()
                        .map(gap -> "A-1")
                        .toList());
    }

    @Test
    void digest_equalImagesInAnotherOrderOrNumberForm_digestEqually() {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> a = item(
                "quantity",
                "1.50",
                "tags",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.of("x", "y")));
        a.put("quantity", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("1.50"));
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> b = new java.util.LinkedHashMap<>();
        b.put("tags", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.of("y", "x")));
        b.put("quantity", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("1.5"));
        b.put("sku", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("A-1"));

        assertEquals(ImageDigest.of(a), ImageDigest.of(b));
        b.put("quantity", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("1.6"));
        assertEquals(false, ImageDigest.of(a).equals(ImageDigest.of(b)));
        assertEquals(false, ImageDigest.of(item("s", "1")).equals(ImageDigest.of(item("s", 1))));
    }

    /**
     * Issue 16 item 6: on a table with a sort key, items {@code (a|b, c)} and {@code (a, b|c)} rendered to one
     * key, shared one state, and the second item's first change read as a gap of the first.
     */
    @Test
    void check_compositeKeysThatRenderedAlike_keepTheirOwnStates() {
        TableConfig table = new TableConfig(
                "orders",
                "pk",
                Optional.of("sk"),
                TableConfig.named("orders").attributes(),
                java.math.BigDecimal.ZERO,
                1);
        ChangeRecordDecoder decoder = new ChangeRecordDecoder(table);
        StreamGapCheck composite = new StreamGapCheck(table, new InMemoryItemStateStore());
        ChangeRecord first = decoder.decode(insertOf("1", "a|b", "c", 10), "shard-1");
        ChangeRecord second = decoder.decode(insertOf("2", "a", "b|c", 20), "shard-1");
        ChangeRecord secondChanged = decoder.decode(
                Record.builder()
                        .eventName("MODIFY")
                        .dynamodb(StreamRecord.builder()
                                .sequenceNumber("3")
                                .keys(keys("a", "b|c"))
                                .oldImage(image("a", "b|c", 20))
                                .newImage(image("a", "b|c", 19))
                                .build())
                        .build(),
                "shard-1");

        StreamGapCheck.Batch batch = composite.check(List.of(first, second, secondChanged));

        assertEquals(List.of(), batch.gaps());
    }

    private static Map<String, AttributeValue> keys(String partition, String sort) {
        return Map.of("pk", AttributeValue.fromS(partition), "sk", AttributeValue.fromS(sort));
    }

    private static Map<String, AttributeValue> image(String partition, String sort, int quantity) {
        return Map.of(
                "pk", AttributeValue.fromS(partition),
                "sk", AttributeValue.fromS(sort),
                "quantity", AttributeValue.fromN(Integer.toString(quantity)));
    }

    private static Record insertOf(String sequence, String partition, String sort, int quantity) {
        return Record.builder()
                .eventName("INSERT")
                .dynamodb(StreamRecord.builder()
                        .sequenceNumber(sequence)
                        .keys(keys(partition, sort))
                        .newImage(image(partition, sort, quantity))
                        .build())
                .build();
    }
}
