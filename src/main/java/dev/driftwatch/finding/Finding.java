package dev.driftwatch.finding;

import dev.driftwatch.config.Require;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One violation found in one stream record by one rule. Immutable, like its row in the audit table.
 *
 * @param id deterministic: {@link FindingId#of} over table, sequence number and rule id
 * @param lostUnits new quantity minus (old quantity + delta) where it can be computed: positive when
 *     the table kept units a writer had taken, negative when it dropped units a writer had added
 */
public record Finding(
        String id,
        String ruleId,
        Severity severity,
        FindingClass findingClass,
        String table,
        String itemKey,
        String eventName,
        String sequenceNumber,
        String shardId,
        Instant approximateCreationTime,
        Instant detectedAt,
        String message,
        Map<String, AttributeValue> oldImage,
        Map<String, AttributeValue> newImage,
        Optional<String> writer,
        Optional<String> writeId,
        Optional<BigDecimal> lostUnits) {

    public Finding {
        Require.notBlank("id", id);
        Require.notBlank("ruleId", ruleId);
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(findingClass, "findingClass");
        Require.notBlank("table", table);
        Require.notEmpty("itemKey", itemKey);
        Require.notBlank("eventName", eventName);
        Require.notBlank("sequenceNumber", sequenceNumber);
        Require.notBlank("shardId", shardId);
        Objects.requireNonNull(approximateCreationTime, "approximateCreationTime");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Require.notBlank("message", message);
        oldImage = Map.copyOf(oldImage);
        newImage = Map.copyOf(newImage);
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(writeId, "writeId");
        Objects.requireNonNull(lostUnits, "lostUnits");
    }
}
