package dev.driftwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** The audit table on the local endpoint: immutable findings, masked images, bounded batch writes. */
class AuditTableIT {
    private AwsClients clients;
    private String table;

    @BeforeEach
    void freshTable() {
        clients = TestEndpoint.clients();
        table = TestEndpoint.freshAuditTable();
    }

    private static Finding withMessage(Finding finding, String message) {
        return finding.toBuilder().message(message).build();
    }

    @Test
    void write_sameFindingAgainWithOtherContent_storedOneStaysUnchanged() {
        DynamoDbAuditWriter writer = new DynamoDbAuditWriter(
                clients.dynamoDbAsync(), table, new FindingItems(Duration.ofDays(90), List.of()));
        Finding original = FindingItemsTest.finding();
        assertEquals(1, writer.write(List.of(original)).written().size());

        WriteReport overwrite = writer.write(List.of(withMessage(original, "rewritten history")));
        assertEquals(0, overwrite.written().size());
        assertEquals(1, overwrite.alreadyPresent());
        List<Finding> stored = new AuditQueries(clients.dynamoDb(), table).byItem("inventory", "A-1");
        AuditImages images = new AuditImages(clients.dynamoDb(), table);
        assertEquals(List.of(original), stored.stream().map(images::attach).toList());
    }

    @Test
    void write_redactedAttribute_maskedInTheStoredItem() {
        DynamoDbAuditWriter writer = new DynamoDbAuditWriter(
                clients.dynamoDbAsync(), table, new FindingItems(Duration.ofDays(90), List.of("owner")));
        writer.write(List.of(FindingItemsTest.finding()));
        Finding stored = new AuditImages(clients.dynamoDb(), table).attach(FindingItemsTest.finding());
        assertEquals("<redacted>", stored.oldImage().get("owner").s());
        assertEquals("9", stored.oldImage().get("quantity").n());
    }

    private static List<Finding> numbered(int from, int to) {
        Finding template = FindingItemsTest.finding();
        List<Finding> findings = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Finding f = withMessage(template, "finding " + i);
            findings.add(Finding.builder()
                    .id("id-" + i)
                    .ruleId(f.ruleId())
                    .severity(f.severity())
                    .findingClass(f.findingClass())
                    .table(f.table())
                    .itemKey("item-" + i)
                    .eventName(f.eventName())
                    .sequenceNumber(Integer.toString(1000 + i))
                    .shardId(f.shardId())
                    .approximateCreationTime(f.approximateCreationTime())
                    .detectedAt(f.detectedAt())
                    .message(f.message())
                    .oldImage(f.oldImage())
                    .newImage(f.newImage())
                    .writer(f.writer())
                    .writeId(f.writeId())
                    .lostUnits(f.lostUnits())
                    .build());
        }
        return findings;
    }

    private DynamoDbAuditWriter writer(int maxInFlight, int perTransaction) {
        return new DynamoDbAuditWriter(
                clients.dynamoDbAsync(),
                table,
                new FindingItems(Duration.ofDays(90), List.of()),
                maxInFlight,
                perTransaction);
    }

    /** The finding rows (the images of their records are rows of their own). */
    private int storedCount() {
        return (int) clients.dynamoDb().scan(b -> b.tableName(table)).items().stream()
                .filter(item -> !item.get("pk").s().startsWith("images#"))
                .count();
    }

    @Test
    void write_twoHundredSinglePutsFourInFlight_allStoredOnce() {
        DynamoDbAuditWriter writer = writer(4, 1);
        List<Finding> findings = numbered(0, 200);
        assertEquals(200, writer.write(findings).written().size());
        assertEquals(200, writer.write(findings).alreadyPresent());
        assertEquals(200, storedCount());
    }

    @Test
    void write_twoHundredFiftyInTransactionsOfHundred_allStoredOnce() {
        DynamoDbAuditWriter writer = writer(2, 100);
        List<Finding> findings = numbered(0, 250);
        WriteReport first = writer.write(findings);
        assertEquals(findings, first.written());
        assertEquals(0, first.alreadyPresent());
        WriteReport again = writer.write(findings);
        assertEquals(List.of(), again.written());
        assertEquals(250, again.alreadyPresent());
        assertEquals(250, storedCount());
    }

    @Test
    void write_transactionWithSomeAlreadyStored_storesTheRestAndCountsThePresent() {
        DynamoDbAuditWriter writer = writer(4, 100);
        List<Finding> earlier = numbered(0, 10).stream()
                .filter(f -> Integer.parseInt(f.id().substring(3)) % 3 == 0)
                .toList();
        assertEquals(4, writer.write(earlier).written().size());

        List<Finding> all = numbered(0, 10);
        WriteReport report = writer.write(all);
        List<String> writtenIds = report.written().stream().map(Finding::id).toList();
        assertEquals(List.of("id-1", "id-2", "id-4", "id-5", "id-7", "id-8"), writtenIds);
        assertEquals(4, report.alreadyPresent());
        assertEquals(10, storedCount());
    }

    @Test
    void write_sameIdTwiceInOneBatch_storedOnceAndCountedPresentOnce() {
        DynamoDbAuditWriter writer = writer(4, 100);
        List<Finding> findings = new ArrayList<>(numbered(0, 3));
        findings.add(numbered(1, 2).get(0));
        WriteReport report = writer.write(findings);
        assertEquals(3, report.written().size());
        assertEquals(1, report.alreadyPresent());
        assertEquals(3, storedCount());
    }

    /**
     * A finding DynamoDB refuses as invalid is stored as an unstorable-finding INPUT finding, and the other
     * findings of its transaction are stored; before, the whole transaction failed and was retried for ever.
     * The refusal is injected in front of the endpoint for the finding whose message is "poison".
     */
    @Test
    void write_oneFindingRefusedAsInvalid_othersStoredAndItsSubstituteToo() {
        DynamoDbAsyncClient refusing = (DynamoDbAsyncClient) java.lang.reflect.Proxy.newProxyInstance(
                DynamoDbAsyncClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbAsyncClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("transactWriteItems")
                            && args[0] instanceof java.util.function.Consumer) {
                        @SuppressWarnings("unchecked")
                        java.util.function.Consumer<TransactWriteItemsRequest.Builder> fill =
                                (java.util.function.Consumer<TransactWriteItemsRequest.Builder>) args[0];
                        return ((DynamoDbAsyncClient) proxy)
                                .transactWriteItems(TransactWriteItemsRequest.builder()
                                        .applyMutation(fill)
                                        .build());
                    }
                    if (args != null && args.length == 1 && poisoned(args[0])) {
                        return CompletableFuture.failedFuture(DynamoDbException.builder()
                                .message("Item size has exceeded the maximum allowed size")
                                .awsErrorDetails(AwsErrorDetails.builder()
                                        .errorCode("ValidationException")
                                        .build())
                                .statusCode(400)
                                .build());
                    }
                    try {
                        return method.invoke(clients.dynamoDbAsync(), args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        List<Finding> batch = new ArrayList<>(numbered(0, 5));
        batch.set(2, withMessage(batch.get(2), "poison"));

        WriteReport report =
                new DynamoDbAuditWriter(refusing, table, new FindingItems(Duration.ofDays(90), List.of())).write(batch);

        assertEquals(5, report.written().size());
        assertEquals(5, storedCount());
        Finding substitute = report.written().stream()
                .filter(f -> f.message().startsWith(DynamoDbAuditWriter.UNSTORABLE))
                .findFirst()
                .orElseThrow();
        assertEquals("id-2", substitute.id(), "the finding's own id, rule and place");
        assertEquals(true, substitute.message().endsWith("message was: poison"), substitute.message());
        assertEquals(java.util.Optional.empty(), substitute.writeId());
    }

    private static boolean poisoned(Object request) {
        if (request instanceof PutItemRequest put) {
            return put.item().containsKey("message")
                    && "poison".equals(put.item().get("message").s());
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.transactItems().stream()
                    .anyMatch(item -> item.put() != null
                            && "poison".equals(item.put().item().get("message").s()));
        }
        return false;
    }
}
