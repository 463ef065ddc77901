package dev.driftwatch.record;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Builds items and change records for tests: numbers become N, strings S. */
public final class TestRecords {
    public static final String TABLE = "inventory";
    private static final AtomicLong SEQUENCE = new AtomicLong(100);

    private TestRecords() {}

    /** An item from name/value pairs; the key {@code sku=A-1} is added unless given. */
    public static Map<String, AttributeValue> item(Object... pairs) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("sku", AttributeValue.fromS("A-1"));
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            AttributeValue attribute = value instanceof AttributeValue a
                    ? a
                    : value instanceof Number n
                            ? AttributeValue.fromN(n.toString())
                            : AttributeValue.fromS(String.valueOf(value));
            item.put((String) pairs[i], attribute);
        }
        return item;
    }

    public static ChangeRecord insert(Map<String, AttributeValue> newImage) {
        return record(EventName.INSERT, null, newImage, null);
    }

    public static ChangeRecord modify(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        return record(EventName.MODIFY, oldImage, newImage, null);
    }

    public static ChangeRecord remove(Map<String, AttributeValue> oldImage) {
        return record(EventName.REMOVE, oldImage, null, null);
    }

    public static ChangeRecord removeBy(Map<String, AttributeValue> oldImage, UserIdentity identity) {
        return record(EventName.REMOVE, oldImage, null, identity);
    }

    /** The same record, read from shard {@code shardId}. */
    public static ChangeRecord onShard(ChangeRecord record, String shardId) {
        return new ChangeRecord(
                record.table(),
                record.keys(),
                record.itemKey(),
                record.eventName(),
                record.oldImage(),
                record.newImage(),
                record.sequenceNumber(),
                shardId,
                record.approximateCreationTime(),
                record.userIdentity());
    }

    private static ChangeRecord record(
            EventName event,
            Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage,
            UserIdentity identity) {
        Map<String, AttributeValue> source = newImage != null ? newImage : oldImage;
        return new ChangeRecord(
                TABLE,
                Map.of("sku", source.get("sku")),
                source.get("sku").s(),
                event,
                Optional.ofNullable(oldImage).map(Image::new),
                Optional.ofNullable(newImage).map(Image::new),
                Long.toString(SEQUENCE.incrementAndGet()),
                "shardId-0001",
                Instant.parse("2026-11-25T10:00:00Z"),
                Optional.ofNullable(identity));
    }
}
