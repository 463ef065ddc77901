package dev.driftwatch.updater.internal;

import dev.driftwatch.updater.ContentionStats;
import dev.driftwatch.updater.RetryPolicy;
import dev.driftwatch.updater.StampAttributes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What every operation of one updater shares. Not API: use {@code ConditionalUpdater}. */
public record UpdaterContext(
        DynamoDbClient dynamoDb,
        String table,
        String partitionKey,
        Optional<String> sortKey,
        StampAttributes stamps,
        String writer,
        long initialVersion,
        RetryPolicy retry,
        ContentionStats stats,
        KeyMemory memory,
        KeyLocks locks) {

    /** Without memory of keys or local queueing (every call reads first and backs off by its own attempts). */
    public UpdaterContext(
            DynamoDbClient dynamoDb,
            String table,
            String partitionKey,
            Optional<String> sortKey,
            StampAttributes stamps,
            String writer,
            long initialVersion,
            RetryPolicy retry,
            ContentionStats stats) {
        this(
                dynamoDb,
                table,
                partitionKey,
                sortKey,
                stamps,
                writer,
                initialVersion,
                retry,
                stats,
                new KeyMemory(0),
                KeyLocks.none());
    }

    /** The same context writing under another name. */
    public UpdaterContext withWriter(String otherWriter) {
        return new UpdaterContext(
                dynamoDb,
                table,
                partitionKey,
                sortKey,
                stamps,
                otherWriter,
                initialVersion,
                retry,
                stats,
                memory,
                locks);
    }

    /** The key of an item as text, for the hot-key statistics. */
    public String render(Map<String, AttributeValue> key) {
        String rendered = scalar(key.get(partitionKey));
        return sortKey.map(s -> rendered + "|" + scalar(key.get(s))).orElse(rendered);
    }

    /** The key as text with its separators escaped ({@link IdempotentAdjustOperation#escape}): one item, one text. */
    public String renderEscaped(Map<String, AttributeValue> key) {
        String rendered = IdempotentAdjustOperation.escape(scalar(key.get(partitionKey)));
        return sortKey.map(s -> rendered + "|" + IdempotentAdjustOperation.escape(scalar(key.get(s))))
                .orElse(rendered);
    }

    /** Only the key attributes of an item or key map; fails when one is missing. */
    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(partitionKey, require(item, partitionKey));
        sortKey.ifPresent(s -> key.put(s, require(item, s)));
        return key;
    }

    public Optional<Map<String, AttributeValue>> readConsistent(Map<String, AttributeValue> key) {
        stats.recordRequest();
        var response = dynamoDb.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    public static Optional<BigDecimal> number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? Optional.empty() : Optional.of(new BigDecimal(value.n()));
    }

    public AttributeValue newWriteId() {
        return AttributeValue.fromS(UUID.randomUUID().toString());
    }

    public void pause(int failedAttempt) {
        Duration delay = retry.delay(failedAttempt);
        try {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    private static AttributeValue require(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw new IllegalArgumentException("key attribute '" + name + "' missing from " + item.keySet());
        }
        return value;
    }

    private static String scalar(AttributeValue value) {
        if (value == null) {
            return "?";
        }
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return value.n();
        }
        return value.b() != null ? Base64.getEncoder().encodeToString(value.b().asByteArray()) : "?";
    }
}
