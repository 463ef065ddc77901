package dev.driftwatch.finding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finding's fields by name, the one map form: the JSON and CSV of {@code driftwatch findings}, the
 * findings inside alert payloads and the attributes of the audit item all use these names (README,
 * "Finding fields"). Values are typed: text, {@link Severity} and {@link FindingClass} names,
 * {@link java.time.Instant}s and {@link java.math.BigDecimal}s; each form renders them its own way.
 * Optional fields are absent from the map when empty. The images are not fields: alert payloads never
 * carry them, and the audit item stores them redacted.
 */
public final class FindingFields {
    public static final String ID = "id";
    public static final String RULE = "rule";
    public static final String CLASS = "class";
    public static final String SEVERITY = "severity";
    public static final String TABLE = "table";
    public static final String ITEM_KEY = "itemKey";
    public static final String EVENT_NAME = "eventName";
    public static final String SEQUENCE_NUMBER = "sequenceNumber";
    public static final String SHARD_ID = "shardId";
    public static final String APPROXIMATE_CREATION_TIME = "approximateCreationTime";
    public static final String DETECTED_AT = "detectedAt";
    public static final String LOST_UNITS = "lostUnits";
    public static final String WRITER = "writer";
    public static final String WRITE_ID = "writeId";
    public static final String MESSAGE = "message";
    public static final String OLD_IMAGE = "oldImage";
    public static final String NEW_IMAGE = "newImage";

    /** Every field, in the order of the CSV columns and the JSON objects. */
    public static final List<String> ORDER = List.of(
            ID,
            DETECTED_AT,
            RULE,
            SEVERITY,
            CLASS,
            TABLE,
            ITEM_KEY,
            EVENT_NAME,
            SEQUENCE_NUMBER,
            SHARD_ID,
            APPROXIMATE_CREATION_TIME,
            LOST_UNITS,
            WRITER,
            WRITE_ID,
            MESSAGE);

    private FindingFields() {}

    /** The finding's fields in {@link #ORDER}; writer, write id and lost units only when present. */
    public static Map<String, Object> of(Finding finding) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(ID, finding.id());
        fields.put(DETECTED_AT, finding.detectedAt());
        fields.put(RULE, finding.ruleId());
        fields.put(SEVERITY, finding.severity().name());
        fields.put(CLASS, finding.findingClass().name());
        fields.put(TABLE, finding.table());
        fields.put(ITEM_KEY, finding.itemKey());
        fields.put(EVENT_NAME, finding.eventName());
        fields.put(SEQUENCE_NUMBER, finding.sequenceNumber());
        fields.put(SHARD_ID, finding.shardId());
        fields.put(APPROXIMATE_CREATION_TIME, finding.approximateCreationTime());
        finding.lostUnits().ifPresent(units -> fields.put(LOST_UNITS, units));
        finding.writer().ifPresent(writer -> fields.put(WRITER, writer));
        finding.writeId().ifPresent(writeId -> fields.put(WRITE_ID, writeId));
        fields.put(MESSAGE, finding.message());
        return fields;
    }
}
