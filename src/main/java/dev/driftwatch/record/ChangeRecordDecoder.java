package dev.driftwatch.record;

import dev.driftwatch.config.TableConfig;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Decodes DynamoDB Streams records (SDK model) into {@link ChangeRecord}s of one watched table. */
public final class ChangeRecordDecoder {
    private final TableConfig table;

    public ChangeRecordDecoder(TableConfig table) {
        this.table = table;
    }

    public TableConfig table() {
        return table;
    }

    /**
     * Decodes one record.
     *
     * @throws DecodeException when the record lacks what a check needs (event, sequence number,
     *     keys, or the images of the NEW_AND_OLD_IMAGES view)
     */
    public ChangeRecord decode(Record record, String shardId) {
        StreamRecord stream = record.dynamodb();
        if (stream == null) {
            throw new DecodeException("record has no dynamodb section");
        }
        if (stream.sequenceNumber() == null || stream.sequenceNumber().isBlank()) {
            throw new DecodeException("record has no sequence number");
        }
        OperationType operation = record.eventName();
        if (operation == null || operation == OperationType.UNKNOWN_TO_SDK_VERSION) {
            throw new DecodeException("unknown event name '" + record.eventNameAsString() + "'");
        }
        if (!stream.hasKeys()) {
            throw new DecodeException("record has no keys");
        }
        String itemKey = ItemKeys.render(stream.keys(), table.key(), table.sortKey());
        DynamoNumbers.checkImage("Keys", stream.keys());
        if (stream.hasOldImage()) {
            DynamoNumbers.checkImage("OldImage", stream.oldImage());
        }
        if (stream.hasNewImage()) {
            DynamoNumbers.checkImage("NewImage", stream.newImage());
        }
        Optional<Image> oldImage =
                stream.hasOldImage() ? Optional.of(Image.ofSdkMap(stream.oldImage())) : Optional.empty();
        Optional<Image> newImage =
                stream.hasNewImage() ? Optional.of(Image.ofSdkMap(stream.newImage())) : Optional.empty();
        Instant time =
                stream.approximateCreationDateTime() == null ? Instant.EPOCH : stream.approximateCreationDateTime();
        Identity identity = record.userIdentity();
        Optional<UserIdentity> user = identity == null
                ? Optional.empty()
                : Optional.of(new UserIdentity(identity.type(), identity.principalId()));
        try {
            return new ChangeRecord(
                    table.name(),
                    stream.keys(),
                    itemKey,
                    EventName.valueOf(operation.name()),
                    oldImage,
                    newImage,
                    stream.sequenceNumber(),
                    shardId,
                    time,
                    user);
        } catch (IllegalArgumentException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    /** Describes a record that failed to decode, keeping whatever identifies it. */
    public DecodeFailure failure(Record record, String shardId, String reason) {
        StreamRecord stream = record == null ? null : record.dynamodb();
        // Without a sequence number the record's own text names it: the same record redelivered gets the
        // same audit row, two different records two rows.
        Optional<String> sequence = Optional.ofNullable(stream)
                .map(StreamRecord::sequenceNumber)
                .or(() -> Optional.ofNullable(stream).map(present -> "unknown-" + fingerprint(String.valueOf(record))));
        Optional<String> key = Optional.empty();
        if (stream != null && stream.hasKeys()) {
            try {
                key = Optional.of(ItemKeys.render(stream.keys(), table.key(), table.sortKey()));
            } catch (DecodeException e) {
                key = Optional.empty();
            }
        }
        Instant time = Optional.ofNullable(stream)
                .map(StreamRecord::approximateCreationDateTime)
                .orElse(Instant.EPOCH);
        return new DecodeFailure(table.name(), shardId, sequence, key, time, reason);
    }

    private static String fingerprint(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
