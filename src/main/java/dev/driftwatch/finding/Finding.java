package dev.driftwatch.finding;

import dev.driftwatch.validation.Require;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One violation found in one stream record by one rule. Immutable, like its row in the audit table.
 * Built by name with {@link #builder()}; its parts say what the rule found ({@link Verdict}), where in
 * the stream ({@link Source}), the item as it was and became ({@link Images}) and who wrote it
 * ({@link Stamp}).
 *
 * @param id deterministic: {@link FindingId#of} over table, sequence number and rule id
 */
public record Finding(String id, Verdict verdict, Source source, Instant detectedAt, Images images, Stamp stamp) {

    public Finding {
        Require.notBlank("id", id);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detectedAt, "detectedAt");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(stamp, "stamp");
    }

    /**
     * What the rule found.
     *
     * @param lostUnits new quantity minus (old quantity + delta) where it can be computed: positive when
     *     the table kept units a writer had taken, negative when it dropped units a writer had added
     */
    public record Verdict(
            String ruleId,
            Severity severity,
            FindingClass findingClass,
            String message,
            Optional<BigDecimal> lostUnits) {
        /** A message longer than this (a CEL template can quote a 300 KB attribute) is cut, saying so. */
        public static final int MAX_MESSAGE = 4096;

        public Verdict {
            Require.notBlank("ruleId", ruleId);
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(findingClass, "findingClass");
            Require.notBlank("message", message);
            if (message.length() > MAX_MESSAGE) {
                int kept = MAX_MESSAGE - 64;
                message = message.substring(0, kept) + "… (" + (message.length() - kept) + " more characters)";
            }
            Objects.requireNonNull(lostUnits, "lostUnits");
        }
    }

    /** The stream record the finding is about. */
    public record Source(
            String table,
            String itemKey,
            String eventName,
            String sequenceNumber,
            String shardId,
            Instant approximateCreationTime) {
        public Source {
            Require.notBlank("table", table);
            Require.notEmpty("itemKey", itemKey);
            Require.notBlank("eventName", eventName);
            Require.notBlank("sequenceNumber", sequenceNumber);
            Require.notBlank("shardId", shardId);
            Objects.requireNonNull(approximateCreationTime, "approximateCreationTime");
        }
    }

    /** The record's old and new images; empty where the record has none. */
    public record Images(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        public static final Images NONE = new Images(Map.of(), Map.of());

        public Images {
            oldImage = Map.copyOf(oldImage);
            newImage = Map.copyOf(newImage);
        }
    }

    /** The writer and write id the record's image carries, when the writer stamps them. */
    public record Stamp(Optional<String> writer, Optional<String> writeId) {
        public static final Stamp NONE = new Stamp(Optional.empty(), Optional.empty());

        /** A stamp longer than this (the image's attribute can be anything) is cut, saying so. */
        public static final int MAX_STAMP = 512;

        public Stamp {
            Objects.requireNonNull(writer, "writer");
            Objects.requireNonNull(writeId, "writeId");
            writer = writer.map(Stamp::bounded);
            writeId = writeId.map(Stamp::bounded);
        }

        private static String bounded(String value) {
            return value.length() <= MAX_STAMP
                    ? value
                    : value.substring(0, MAX_STAMP - 48) + "… (" + (value.length() - MAX_STAMP + 48)
                            + " more characters)";
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String ruleId() {
        return verdict.ruleId();
    }

    public Severity severity() {
        return verdict.severity();
    }

    public FindingClass findingClass() {
        return verdict.findingClass();
    }

    public String message() {
        return verdict.message();
    }

    public Optional<BigDecimal> lostUnits() {
        return verdict.lostUnits();
    }

    public String table() {
        return source.table();
    }

    public String itemKey() {
        return source.itemKey();
    }

    public String eventName() {
        return source.eventName();
    }

    public String sequenceNumber() {
        return source.sequenceNumber();
    }

    public String shardId() {
        return source.shardId();
    }

    public Instant approximateCreationTime() {
        return source.approximateCreationTime();
    }

    public Map<String, AttributeValue> oldImage() {
        return images.oldImage();
    }

    public Map<String, AttributeValue> newImage() {
        return images.newImage();
    }

    public Optional<String> writer() {
        return stamp.writer();
    }

    public Optional<String> writeId() {
        return stamp.writeId();
    }

    /** A copy of this finding to change some fields of by name. */
    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .ruleId(ruleId())
                .severity(severity())
                .findingClass(findingClass())
                .message(message())
                .lostUnits(lostUnits())
                .table(table())
                .itemKey(itemKey())
                .eventName(eventName())
                .sequenceNumber(sequenceNumber())
                .shardId(shardId())
                .approximateCreationTime(approximateCreationTime())
                .detectedAt(detectedAt)
                .oldImage(oldImage())
                .newImage(newImage())
                .writer(writer())
                .writeId(writeId());
    }

    /** Builds a finding by name; every field but the images, stamp and lost units is required. */
    public static final class Builder {
        private String id;
        private String ruleId;
        private Severity severity;
        private FindingClass findingClass;
        private String message;
        private Optional<BigDecimal> lostUnits = Optional.empty();
        private String table;
        private String itemKey;
        private String eventName;
        private String sequenceNumber;
        private String shardId;
        private Instant approximateCreationTime;
        private Instant detectedAt;
        private Map<String, AttributeValue> oldImage = Map.of();
        private Map<String, AttributeValue> newImage = Map.of();
        private Optional<String> writer = Optional.empty();
        private Optional<String> writeId = Optional.empty();

        private Builder() {}

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder ruleId(String ruleId) {
            this.ruleId = ruleId;
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public Builder findingClass(FindingClass findingClass) {
            this.findingClass = findingClass;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder lostUnits(Optional<BigDecimal> lostUnits) {
            this.lostUnits = lostUnits;
            return this;
        }

        public Builder table(String table) {
            this.table = table;
            return this;
        }

        public Builder itemKey(String itemKey) {
            this.itemKey = itemKey;
            return this;
        }

        public Builder eventName(String eventName) {
            this.eventName = eventName;
            return this;
        }

        public Builder sequenceNumber(String sequenceNumber) {
            this.sequenceNumber = sequenceNumber;
            return this;
        }

        public Builder shardId(String shardId) {
            this.shardId = shardId;
            return this;
        }

        public Builder approximateCreationTime(Instant approximateCreationTime) {
            this.approximateCreationTime = approximateCreationTime;
            return this;
        }

        public Builder detectedAt(Instant detectedAt) {
            this.detectedAt = detectedAt;
            return this;
        }

        public Builder oldImage(Map<String, AttributeValue> oldImage) {
            this.oldImage = oldImage;
            return this;
        }

        public Builder newImage(Map<String, AttributeValue> newImage) {
            this.newImage = newImage;
            return this;
        }

        public Builder writer(Optional<String> writer) {
            this.writer = writer;
            return this;
        }

        public Builder writeId(Optional<String> writeId) {
            this.writeId = writeId;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException naming the first missing or bad field */
        public Finding build() {
            return new Finding(
                    id,
                    new Verdict(ruleId, severity, findingClass, message, lostUnits),
                    new Source(table, itemKey, eventName, sequenceNumber, shardId, approximateCreationTime),
                    detectedAt,
                    new Images(oldImage, newImage),
                    new Stamp(writer, writeId));
        }
    }
}
