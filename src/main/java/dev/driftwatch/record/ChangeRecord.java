package dev.driftwatch.record;

import dev.driftwatch.validation.Require;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One change of one item, decoded once from a stream record (or an exported one). Downstream code
 * sees only this type, never KCL's or the adapter's.
 *
 * @param itemKey the key rendered for people and for the audit table: the partition key value, then
 *     {@code |} and the sort key value when the table has one
 */
public record ChangeRecord(
        String table,
        Map<String, AttributeValue> keys,
        String itemKey,
        EventName eventName,
        Optional<Image> oldImage,
        Optional<Image> newImage,
        String sequenceNumber,
        String shardId,
        Instant approximateCreationTime,
        Optional<UserIdentity> userIdentity) {

    public ChangeRecord {
        Require.notBlank("table", table);
        keys = Map.copyOf(keys);
        Require.notEmpty("itemKey", itemKey);
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(oldImage, "oldImage");
        Objects.requireNonNull(newImage, "newImage");
        Require.notBlank("sequenceNumber", sequenceNumber);
        Require.notBlank("shardId", shardId);
        Objects.requireNonNull(approximateCreationTime, "approximateCreationTime");
        Objects.requireNonNull(userIdentity, "userIdentity");
        if (eventName != EventName.REMOVE && newImage.isEmpty()) {
            throw new IllegalArgumentException(
                    eventName + " record needs a new image (stream view NEW_AND_OLD_IMAGES)");
        }
        if (eventName != EventName.INSERT && oldImage.isEmpty()) {
            throw new IllegalArgumentException(
                    eventName + " record needs an old image (stream view NEW_AND_OLD_IMAGES)");
        }
    }

    public Optional<BigDecimal> oldNumber(String attribute) {
        return oldImage.flatMap(image -> image.number(attribute));
    }

    public Optional<BigDecimal> newNumber(String attribute) {
        return newImage.flatMap(image -> image.number(attribute));
    }
}
