package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.FindingFields;
import dev.driftwatch.finding.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps findings to audit table items and back: a finding row without its images, which go to their own rows
 * once per record ({@link AuditImages}). Redacted attributes are masked in the stored images. Rows written
 * before images moved apart still carry them inline, and {@link #fromItem} reads them.
 */
public final class FindingItems {
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final AttributeValue REDACTED = AttributeValue.fromS("<redacted>");

    private final Duration retention;
    private final Set<String> redact;
    private final Optional<Severity> alertFrom;

    /** Items of findings that never alert (benchmarks, offline tools). */
    public FindingItems(Duration retention, List<String> redact) {
        this(retention, redact, Optional.empty());
    }

    /** Items of findings; those at or above {@code alertFrom} are stored pending in the alert outbox. */
    public FindingItems(Duration retention, List<String> redact, Optional<Severity> alertFrom) {
        this.retention = retention;
        this.redact = Set.copyOf(redact);
        this.alertFrom = alertFrom;
    }

    /** The primary key of a finding's item. */
    public static Map<String, AttributeValue> key(Finding finding) {
        return Map.of(
                AuditTable.PK, s(partitionKey(finding.table(), finding.itemKey())),
                AuditTable.SK, s(sortKey(finding)));
    }

    private static String sortKey(Finding finding) {
        return AuditTable.bounded(
                time(finding.approximateCreationTime()) + "#" + finding.sequenceNumber() + "#" + finding.ruleId(),
                AuditTable.MAX_SORT_KEY_BYTES);
    }

    public static String partitionKey(String table, String itemKey) {
        return AuditTable.bounded(table + "#" + itemKey, AuditTable.MAX_PARTITION_KEY_BYTES);
    }

    /** The by-rule index key of a finding: its rule and day, on the finding's shard. */
    public static String ruleDay(String ruleId, Instant at, String findingId) {
        return AuditTable.shardedKey(ruleDayBase(ruleId, DAY.format(at)), AuditTable.indexShard(findingId));
    }

    /** The unsharded by-rule key of a rule and day (ISO date). */
    public static String ruleDayBase(String ruleId, String day) {
        return ruleId + "#" + day;
    }

    /** The pending-alerts index key of a pending finding: its table, on the finding's shard. */
    public static String pendingKey(Finding finding) {
        return AuditTable.shardedKey(finding.table(), AuditTable.indexShard(finding.id()));
    }

    public static String time(Instant at) {
        return TIME.format(at);
    }

    public Map<String, AttributeValue> toItem(Finding finding) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(AuditTable.PK, s(partitionKey(finding.table(), finding.itemKey())));
        item.put(AuditTable.SK, s(sortKey(finding)));
        FindingFields.of(finding).forEach((name, value) -> item.put(name, attribute(value)));
        item.put(AuditTable.RULE_DAY, s(ruleDay(finding.ruleId(), finding.detectedAt(), finding.id())));
        if (AuditImages.hasImages(finding)) {
            // Stored once per record, apart: the finding row stays small whatever the item's size.
            item.put(AuditImages.IMAGES, s(AuditImages.partitionKey(finding)));
        }
        if (alertFrom.isPresent() && finding.severity().atLeast(alertFrom.get())) {
            // The outbox: stored with the finding, in the same conditional write, so exactly once.
            item.put(AuditTable.ALERT_STATE, s(AuditTable.PENDING));
            item.put(AuditTable.ALERT_PENDING, s(pendingKey(finding)));
            item.put(AuditTable.ALERT_QUEUED_AT, s(time(finding.detectedAt())));
        }
        item.put(AuditTable.EXPIRES_AT, expiresAt(finding));
        return item;
    }

    /** The rows of the finding's record's images, redacted; none when the record carried none. */
    public List<Map<String, AttributeValue>> imageRows(Finding finding) {
        return imageRows(finding, false);
    }

    /** The same rows, in the gzip form DynamoDB accepts whatever the images hold when {@code compressed}. */
    public List<Map<String, AttributeValue>> imageRows(Finding finding, boolean compressed) {
        if (!AuditImages.hasImages(finding)) {
            return List.of();
        }
        return AuditImages.rows(
                finding, redacted(finding.oldImage()), redacted(finding.newImage()), expiresAt(finding), compressed);
    }

    private AttributeValue expiresAt(Finding finding) {
        return AttributeValue.fromN(
                Long.toString(finding.detectedAt().plus(retention).getEpochSecond()));
    }

    public static Finding fromItem(Map<String, AttributeValue> item) {
        return Finding.builder()
                .id(text(item, FindingFields.ID))
                .ruleId(text(item, FindingFields.RULE))
                .severity(Severity.valueOf(text(item, FindingFields.SEVERITY)))
                .findingClass(FindingClass.valueOf(text(item, FindingFields.CLASS)))
                .table(text(item, FindingFields.TABLE))
                .itemKey(text(item, FindingFields.ITEM_KEY))
                .eventName(text(item, FindingFields.EVENT_NAME))
                .sequenceNumber(text(item, FindingFields.SEQUENCE_NUMBER))
                .shardId(text(item, FindingFields.SHARD_ID))
                .approximateCreationTime(Instant.parse(text(item, FindingFields.APPROXIMATE_CREATION_TIME)))
                .detectedAt(Instant.parse(text(item, FindingFields.DETECTED_AT)))
                .message(text(item, FindingFields.MESSAGE))
                .oldImage(image(item, FindingFields.OLD_IMAGE))
                .newImage(image(item, FindingFields.NEW_IMAGE))
                .writer(Optional.ofNullable(item.get(FindingFields.WRITER)).map(AttributeValue::s))
                .writeId(Optional.ofNullable(item.get(FindingFields.WRITE_ID)).map(AttributeValue::s))
                .lostUnits(
                        Optional.ofNullable(item.get(FindingFields.LOST_UNITS)).map(v -> new BigDecimal(v.n())))
                .build();
    }

    private Map<String, AttributeValue> redacted(Map<String, AttributeValue> image) {
        if (redact.isEmpty()) {
            return image;
        }
        Map<String, AttributeValue> copy = new HashMap<>(image);
        for (String name : redact) {
            copy.computeIfPresent(name, (k, v) -> REDACTED);
        }
        return copy;
    }

    private static Map<String, AttributeValue> image(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasM() ? Map.of() : value.m();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException(
                    "audit item " + item.get(AuditTable.PK) + " lacks attribute '" + name + "'");
        }
        return value.s();
    }

    /** Times in the fixed-width form the sort keys use, numbers as numbers, the rest as text. */
    private static AttributeValue attribute(Object value) {
        if (value instanceof Instant at) {
            return s(time(at));
        }
        if (value instanceof BigDecimal number) {
            return AttributeValue.fromN(number.toPlainString());
        }
        return s(value.toString());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
