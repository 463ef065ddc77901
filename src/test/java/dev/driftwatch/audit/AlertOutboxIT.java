package dev.driftwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.alert.PendingAlert;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/** The alert outbox in an audit table on the local endpoint: pending with the finding, out of the index when sent. */
class AlertOutboxIT {
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    private AwsClients clients;
    private String table;
    private DynamoDbAlertOutbox outbox;
    private final Finding critical = FindingItemsTest.finding(); // CRITICAL, detected 2026-11-25T10:00:01Z

    @BeforeEach
    void freshTable() {
        clients = TestEndpoint.clients();
        table = TestEndpoint.freshAuditTable();
        outbox = new DynamoDbAlertOutbox(clients.dynamoDbAsync(), table);
    }

    private void store(Severity alertFrom, Finding... findings) {
        new DynamoDbAuditWriter(
                        clients.dynamoDbAsync(),
                        table,
                        new FindingItems(Duration.ofDays(90), List.of(), Optional.of(alertFrom)))
                .write(List.of(findings));
    }

    private Map<String, AttributeValue> item(Finding finding) {
        return clients.dynamoDb()
                .getItem(b -> b.tableName(table).key(FindingItems.key(finding)).consistentRead(true))
                .item();
    }

    @Test
    void write_findingAtThreshold_storedPendingAndListed() {
        store(Severity.ERROR, critical);
        assertEquals("PENDING", item(critical).get("alertState").s());
        List<PendingAlert> pending = outbox.pending("inventory", LATER, 100);
        assertEquals(List.of(new PendingAlert(asStored(critical), Set.of())), pending);
        assertEquals(List.of(), outbox.pending("orders", LATER, 100), "another watched table's outbox");
        assertEquals(
                List.of(),
                outbox.pending("inventory", Instant.parse("2026-11-25T10:00:01Z"), 100),
                "queued at detection, not before");
    }

    @Test
    void write_findingBelowThreshold_neverPending() {
        store(Severity.CRITICAL, critical);
        Finding warning = Finding.builder()
                .id("w1")
                .ruleId("version-skipped")
                .severity(Severity.WARNING)
                .findingClass(critical.findingClass())
                .table("inventory")
                .itemKey("A-2")
                .eventName("MODIFY")
                .sequenceNumber("4300")
                .shardId("shard-1")
                .approximateCreationTime(critical.approximateCreationTime())
                .detectedAt(critical.detectedAt())
                .message("skipped")
                .build();
        store(Severity.CRITICAL, warning);
        assertFalse(item(warning).containsKey("alertState"));
        assertEquals(1, outbox.pending("inventory", LATER, 100).size());
    }

    @Test
    void markSent_someSinks_staysPendingWithThoseRecorded() {
        store(Severity.ERROR, critical);
        outbox.markSent(critical, Set.of("slack"), false);
        outbox.markSent(critical, Set.of("log"), false);
        assertEquals(
                List.of(new PendingAlert(asStored(critical), Set.of("slack", "log"))),
                outbox.pending("inventory", LATER, 100));
        assertEquals(Optional.of(new PendingAlert(critical, Set.of("slack", "log"))), outbox.reread(critical));
    }

    @Test
    void markSent_complete_sentAndOutOfTheIndex() {
        store(Severity.ERROR, critical);
        outbox.markSent(critical, Set.of("pagerduty"), true);
        Map<String, AttributeValue> item = item(critical);
        assertEquals("SENT", item.get("alertState").s());
        assertEquals(List.of("pagerduty"), item.get("alertSentTo").ss());
        assertFalse(item.containsKey("alertPending"));
        assertEquals(List.of(), outbox.pending("inventory", LATER, 100));
        assertEquals(Optional.empty(), outbox.reread(critical));
    }

    @Test
    void markPending_sentFinding_backInTheOutboxForEverySink() {
        store(Severity.ERROR, critical);
        outbox.markSent(critical, Set.of("pagerduty"), true);
        Instant resentAt = Instant.parse("2026-11-26T08:00:00Z");
        outbox.markPending(critical, resentAt);
        assertEquals(List.of(new PendingAlert(asStored(critical), Set.of())), outbox.pending("inventory", LATER, 100));
        assertEquals(List.of(), outbox.pending("inventory", resentAt, 100), "queued at the resend");
    }

    @Test
    void pending_moreThanLimit_oldestFirstUpToLimit() {
        Finding[] findings = new Finding[5];
        for (int i = 0; i < 5; i++) {
            Finding f = critical;
            findings[i] = Finding.builder()
                    .id("id" + i)
                    .ruleId(f.ruleId())
                    .severity(f.severity())
                    .findingClass(f.findingClass())
                    .table(f.table())
                    .itemKey("A-" + i)
                    .eventName(f.eventName())
                    .sequenceNumber("50" + i)
                    .shardId(f.shardId())
                    .approximateCreationTime(f.approximateCreationTime())
                    .detectedAt(f.detectedAt().plusSeconds(4 - i))
                    .message(f.message())
                    .build();
        }
        store(Severity.ERROR, findings);
        List<String> ids = outbox.pending("inventory", LATER, 3).stream()
                .map(p -> p.finding().id())
                .toList();
        assertEquals(List.of("id4", "id3", "id2"), ids);
    }

    private Finding numbered(int i) {
        return critical.toBuilder()
                .id("spread-" + i)
                .itemKey("S-" + i)
                .sequenceNumber("70" + i)
                .build();
    }

    /** Issue 17 item 1: a claim held by one worker refuses another until it expires; a sent alert is no one's. */
    @Test
    void claim_heldByOneWorker_refusedToAnotherUntilItExpires() {
        store(Severity.ERROR, critical);
        Instant now = Instant.parse("2026-11-30T12:00:00Z");

        assertTrue(outbox.claim(critical, "a", now.plusSeconds(60), now).isPresent());
        outbox.markSent(critical, Set.of("chat"), false);
        assertEquals(
                java.util.Optional.of(Set.of("chat")),
                outbox.claim(critical, "a", now.plusSeconds(60), now),
                "a claim reads the sinks the alert has now");
        assertFalse(
                outbox.claim(critical, "b", now.plusSeconds(60), now.plusSeconds(30))
                        .isPresent(),
                "a holds it");
        assertTrue(
                outbox.claim(critical, "a", now.plusSeconds(120), now.plusSeconds(30))
                        .isPresent(),
                "a renews");
        assertFalse(
                outbox.claim(critical, "b", now.plusSeconds(200), now.plusSeconds(90))
                        .isPresent(),
                "renewed to 120");
        assertTrue(
                outbox.claim(critical, "b", now.plusSeconds(300), now.plusSeconds(121))
                        .isPresent(),
                "a's claim expired");
        assertFalse(
                outbox.claim(critical, "a", now.plusSeconds(400), now.plusSeconds(130))
                        .isPresent(),
                "a is fenced off");

        outbox.markSent(critical, Set.of("pager"), true);
        assertFalse(
                outbox.claim(critical, "c", now.plusSeconds(999), now.plusSeconds(500))
                        .isPresent(),
                "sent: nothing to claim");
        outbox.markPending(critical, now.plusSeconds(600));
        assertTrue(
                outbox.claim(critical, "c", now.plusSeconds(999), now.plusSeconds(600))
                        .isPresent(),
                "a resend is free");
    }

    /** Issue 21 item 7: pending findings spread over every index shard, and every one listed. */
    @Test
    void pending_findingsOverEveryShard_allListed() {
        Finding[] findings = new Finding[40];
        for (int i = 0; i < findings.length; i++) {
            findings[i] = numbered(i);
        }
        store(Severity.ERROR, findings);

        Set<String> keys = new java.util.TreeSet<>();
        for (Finding finding : findings) {
            keys.add(item(finding).get("alertPending").s());
        }
        assertEquals(AuditTable.INDEX_SHARDS, keys.size(), keys.toString());
        assertEquals(40, outbox.pending("inventory", LATER, 100).size());
    }

    /**
     * Across shards the oldest queued comes first, not the oldest detected: a resent old finding (queued now,
     * detected long ago) waits behind an alert queued before it.
     */
    @Test
    void pending_acrossShards_oldestQueuedFirst() {
        Finding[] findings = new Finding[16];
        for (int i = 0; i < findings.length; i++) {
            findings[i] = numbered(i);
        }
        store(Severity.ERROR, findings);
        // The first one is resent: queued after all the others, though detected at the same time.
        outbox.markPending(findings[0], LATER.minusSeconds(10));

        List<String> first15 = outbox.pending("inventory", LATER, 15).stream()
                .map(p -> p.finding().id())
                .toList();
        assertEquals(15, first15.size());
        assertFalse(first15.contains(findings[0].id()), "the resent alert waits its turn: " + first15);
    }

    /** A finding queued before the index keys were sharded carries the bare table name: still in the outbox. */
    @Test
    void pending_rowWrittenBeforeTheSharding_stillListed() {
        store(Severity.ERROR, critical);
        clients.dynamoDb()
                .updateItem(b -> b.tableName(table)
                        .key(FindingItems.key(critical))
                        .updateExpression("SET alertPending = :legacy")
                        .expressionAttributeValues(Map.of(":legacy", AttributeValue.fromS("inventory"))));

        assertEquals(
                List.of(critical.id()),
                outbox.pending("inventory", LATER, 100).stream()
                        .map(p -> p.finding().id())
                        .toList());
    }

    @Test
    void create_existingTableWithoutOutboxIndex_indexAdded() {
        String old = TestEndpoint.unique("findings-old");
        clients.dynamoDb()
                .createTable(b -> b.tableName(old)
                        .billingMode("PAY_PER_REQUEST")
                        .attributeDefinitions(
                                a -> a.attributeName("pk").attributeType("S"),
                                a -> a.attributeName("sk").attributeType("S"))
                        .keySchema(
                                KeySchemaElement.builder()
                                        .attributeName("pk")
                                        .keyType(KeyType.HASH)
                                        .build(),
                                KeySchemaElement.builder()
                                        .attributeName("sk")
                                        .keyType(KeyType.RANGE)
                                        .build()));
        assertFalse(AuditTable.create(clients.dynamoDb(), old));
        assertTrue(clients.dynamoDb().describeTable(b -> b.tableName(old)).table().globalSecondaryIndexes().stream()
                .anyMatch(index -> index.indexName().equals("pending-alerts")));
    }

    /** What the outbox reads back: the finding's row, whose images are stored apart. */
    private static Finding asStored(Finding finding) {
        return finding.toBuilder().oldImage(Map.of()).newImage(Map.of()).build();
    }
}
