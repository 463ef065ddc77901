package dev.driftwatch.streamgap;

import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.audit.AuditWriteException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Item states of the stream-gap check as rows of the audit table: {@code pk = state#<table>#<item
 * key>}, {@code sk = state}. They carry no {@code ruleDay} and no {@code alertPending}, so neither
 * index sees them, and no {@code expiresAt}: the state must outlive the stream's 24 hours. An update
 * is conditioned on the stored sequence number being older, so a slow worker never moves an item back.
 */
public final class DynamoDbItemStateStore implements ItemStateStore {
    /** The partition key prefix of state rows. */
    public static final String PARTITION_PREFIX = "state#";

    static final String STATE_SK = "state";
    static final String LAST_SEQUENCE = "lastSequence";
    static final String SEQUENCE = "sequenceNumber";
    static final String DIGEST = "imageDigest";
    static final String VERSION = "version";

    private static final int BATCH_GET_LIMIT = 100;
    private static final int IN_FLIGHT = 50;
    private static final int MAX_BATCH_GET_ATTEMPTS = 8;

    private final DynamoDbAsyncClient dynamoDb;
    private final String tableName;

    public DynamoDbItemStateStore(DynamoDbAsyncClient dynamoDb, String auditTable) {
        this.dynamoDb = dynamoDb;
        this.tableName = auditTable;
    }

    public static Map<String, AttributeValue> key(String watchedTable, String itemKey) {
        return Map.of(
                AuditTable.PK,
                AttributeValue.fromS(AuditTable.bounded(
                        PARTITION_PREFIX + watchedTable + "#" + itemKey, AuditTable.MAX_PARTITION_KEY_BYTES)),
                AuditTable.SK,
                AttributeValue.fromS(STATE_SK));
    }

    /** Reads in BatchGetItem calls of up to 100 keys, in parallel, consistently; unprocessed keys are asked again. */
    @Override
    public Map<String, ItemState> load(String table, Collection<String> itemKeys) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(itemKeys.size());
        Map<String, String> itemKeyByPartition = new HashMap<>();
        for (String itemKey : itemKeys) {
            Map<String, AttributeValue> key = key(table, itemKey);
            keys.add(key);
            itemKeyByPartition.put(key.get(AuditTable.PK).s(), itemKey);
        }
        List<CompletableFuture<List<Map<String, AttributeValue>>>> reads = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> chunk =
                    new ArrayList<>(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT)));
            reads.add(batchGet(chunk, new ArrayList<>(), 1));
        }
        Map<String, ItemState> states = new HashMap<>();
        for (CompletableFuture<List<Map<String, AttributeValue>>> read : reads) {
            for (Map<String, AttributeValue> item : join(read, "reading the stream-gap state")) {
                String itemKey = itemKeyByPartition.get(item.get(AuditTable.PK).s());
                states.put(itemKey, fromItem(itemKey, item));
            }
        }
        return states;
    }

    private CompletableFuture<List<Map<String, AttributeValue>>> batchGet(
            List<Map<String, AttributeValue>> keys, List<Map<String, AttributeValue>> found, int attempt) {
        return dynamoDb.batchGetItem(b -> b.requestItems(Map.of(
                        tableName,
                        KeysAndAttributes.builder()
                                .keys(keys)
                                .consistentRead(true)
                                .build())))
                .thenCompose(response -> {
                    found.addAll(response.responses().getOrDefault(tableName, List.of()));
                    KeysAndAttributes unprocessed = response.unprocessedKeys().get(tableName);
                    if (unprocessed == null
                            || !unprocessed.hasKeys()
                            || unprocessed.keys().isEmpty()) {
                        return CompletableFuture.completedFuture(found);
                    }
                    if (attempt >= MAX_BATCH_GET_ATTEMPTS) {
                        return CompletableFuture.failedFuture(SdkException.builder()
                                .message(unprocessed.keys().size() + " stream-gap states still unprocessed after "
                                        + attempt + " BatchGetItem calls")
                                .build());
                    }
                    Executor later =
                            CompletableFuture.delayedExecutor(50L << Math.min(attempt, 6), TimeUnit.MILLISECONDS);
                    return CompletableFuture.supplyAsync(() -> null, later)
                            .thenCompose(ignored -> batchGet(unprocessed.keys(), found, attempt + 1));
                });
    }

    /**
     * Stores the states with one conditional UpdateItem each, {@value #IN_FLIGHT} in flight at any time: one write unit per
     * item (a transaction would cost two, and the states need no atomicity with each other: each is conditioned on
     * its own sequence number). A state whose condition fails, because a newer one is stored, is refused.
     */
    @Override
    public Set<String> advance(String table, Collection<ItemState> states) {
        return updateAll(table, states, true, "storing the stream-gap state");
    }

    /** Stores each state whatever is stored: a baseline taken anew replaces every state. */
    @Override
    public void replace(String table, Collection<ItemState> states) {
        updateAll(table, states, false, "replacing the stream-gap state");
    }

    /** Every state in {@value #IN_FLIGHT} lanes; returns the item keys whose condition refused their state. */
    private Set<String> updateAll(String table, Collection<ItemState> states, boolean conditional, String what) {
        List<ItemState> all = new ArrayList<>(states);
        Set<String> refused = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(IN_FLIGHT, all.size()); lane++) {
            lanes.add(nextUpdate(table, all, next, refused, conditional));
        }
        join(CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)), what);
        return new HashSet<>(refused);
    }

    /** One of {@value #IN_FLIGHT} lanes: an update, and when it is answered the next state not yet taken. */
    private CompletableFuture<Void> nextUpdate(
            String table, List<ItemState> all, AtomicInteger next, Set<String> refused, boolean conditional) {
        int index = next.getAndIncrement();
        if (index >= all.size()) {
            return CompletableFuture.completedFuture(null);
        }
        ItemState state = all.get(index);
        return dynamoDb.updateItem(update(table, state, conditional))
                .handle((response, error) -> {
                    if (error == null) {
                        return null;
                    }
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof ConditionalCheckFailedException) {
                        refused.add(state.itemKey());
                        return null;
                    }
                    throw new CompletionException(cause);
                })
                .thenCompose(ignored -> nextUpdate(table, all, next, refused, conditional));
    }

    private UpdateItemRequest update(String table, ItemState state, boolean conditional) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":last", AttributeValue.fromS(state.sortableSequence()));
        values.put(":seq", AttributeValue.fromS(state.sequenceNumber()));
        values.put(":digest", AttributeValue.fromS(state.imageDigest()));
        String expression = "SET #last = :last, #seq = :seq, #digest = :digest";
        if (state.version().isPresent()) {
            values.put(":version", AttributeValue.fromN(state.version().get().toPlainString()));
            expression += ", #version = :version";
        } else {
            expression += " REMOVE #version";
        }
        return UpdateItemRequest.builder()
                .tableName(tableName)
                .key(key(table, state.itemKey()))
                .updateExpression(expression)
                .conditionExpression(conditional ? "attribute_not_exists(#pk) OR #last < :last" : null)
                .expressionAttributeNames(names(conditional))
                .expressionAttributeValues(values)
                .build();
    }

    private static Map<String, String> names(boolean conditional) {
        Map<String, String> names =
                new HashMap<>(Map.of("#last", LAST_SEQUENCE, "#seq", SEQUENCE, "#digest", DIGEST, "#version", VERSION));
        if (conditional) {
            names.put("#pk", AuditTable.PK);
        }
        return names;
    }

    static ItemState fromItem(String itemKey, Map<String, AttributeValue> item) {
        AttributeValue version = item.get(VERSION);
        return new ItemState(
                itemKey,
                item.get(SEQUENCE).s(),
                item.get(DIGEST).s(),
                Optional.ofNullable(version).map(v -> new BigDecimal(v.n())));
    }

    private static <T> T join(CompletableFuture<T> future, String what) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkException) {
                throw new AuditWriteException(what + " failed: " + cause.getMessage(), cause);
            }
            throw e;
        }
    }
}
