package dev.driftwatch.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.config.TableConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class ChangeRecordDecoderTest {
    private final ChangeRecordDecoder decoder = new ChangeRecordDecoder(TableConfig.named("inventory"));
    private static final Map<String, AttributeValue> KEY = Map.of("sku", AttributeValue.fromS("A-1"));

    private static Record modify(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        return Record.builder()
                .eventName(OperationType.MODIFY)
                .dynamodb(StreamRecord.builder()
                        .keys(KEY)
                        .oldImage(oldImage)
                        .newImage(newImage)
                        .sequenceNumber("4200")
                        .approximateCreationDateTime(Instant.parse("2026-11-25T10:00:00Z"))
                        .build())
                .build();
    }

    @Test
    void decode_modifyRecord_carriesImagesKeyAndPosition() {
        ChangeRecord record = decoder.decode(
                modify(
                        Map.of("sku", KEY.get("sku"), "quantity", AttributeValue.fromN("10")),
                        Map.of("sku", KEY.get("sku"), "quantity", AttributeValue.fromN("9"))),
                "shard-1");
        assertEquals(EventName.MODIFY, record.eventName());
        assertEquals("A-1", record.itemKey());
        assertEquals("4200", record.sequenceNumber());
        assertEquals("shard-1", record.shardId());
        assertEquals(Optional.of(new BigDecimal("10")), record.oldNumber("quantity"));
        assertEquals(Optional.of(new BigDecimal("9")), record.newNumber("quantity"));
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), record.approximateCreationTime());
    }

    @Test
    void decode_ttlRemove_keepsServiceIdentity() {
        Record ttl = Record.builder()
                .eventName(OperationType.REMOVE)
                .userIdentity(Identity.builder()
                        .type("Service")
                        .principalId("dynamodb.amazonaws.com")
                        .build())
                .dynamodb(StreamRecord.builder()
                        .keys(KEY)
                        .oldImage(KEY)
                        .sequenceNumber("1")
                        .build())
                .build();
        assertTrue(decoder.decode(ttl, "s").userIdentity().orElseThrow().isTimeToLive());
    }

    @Test
    void decode_modifyWithoutOldImage_failsNamingTheStreamView() {
        Record keysOnly = Record.builder()
                .eventName(OperationType.MODIFY)
                .dynamodb(StreamRecord.builder()
                        .keys(KEY)
                        .newImage(KEY)
                        .sequenceNumber("7")
                        .build())
                .build();
        DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(keysOnly, "s"));
        assertEquals("MODIFY record needs an old image (stream view NEW_AND_OLD_IMAGES)", e.getMessage());
    }

    @Test
    void decode_missingSequenceNumber_fails() {
        Record record = Record.builder()
                .eventName(OperationType.INSERT)
                .dynamodb(StreamRecord.builder().keys(KEY).newImage(KEY).build())
                .build();
        assertEquals(
                "record has no sequence number",
                assertThrows(DecodeException.class, () -> decoder.decode(record, "s"))
                        .getMessage());
    }

    @Test
    void decode_unknownEventName_fails() {
        Record record = Record.builder()
                .eventName("UPSERT")
                .dynamodb(StreamRecord.builder()
                        .keys(KEY)
                        .newImage(KEY)
                        .sequenceNumber("3")
                        .build())
                .build();
        assertEquals(
                "unknown event name 'UPSERT'",
                assertThrows(DecodeException.class, () -> decoder.decode(record, "s"))
                        .getMessage());
    }

    @Test
    void decode_keyWithoutPartitionAttribute_fails() {
        Record record = Record.builder()
                .eventName(OperationType.INSERT)
                .dynamodb(StreamRecord.builder()
                        .keys(Map.of("id", AttributeValue.fromS("x")))
                        .newImage(KEY)
                        .sequenceNumber("3")
                        .build())
                .build();
        assertTrue(assertThrows(DecodeException.class, () -> decoder.decode(record, "s"))
                .getMessage()
                .startsWith("key attribute 'sku' missing"));
    }

    @Test
    void failure_undecodableRecord_keepsSequenceAndKey() {
        Record record = Record.builder()
                .eventName("UPSERT")
                .dynamodb(StreamRecord.builder().keys(KEY).sequenceNumber("3").build())
                .build();
        DecodeFailure failure = decoder.failure(record, "s", "bad");
        assertEquals(Optional.of("3"), failure.sequenceNumber());
        assertEquals(Optional.of("A-1"), failure.itemKey());
        assertEquals("bad", failure.reason());
    }

    @Test
    void itemKey_numericPartitionAndSortKey_joinsWithBar() {
        String rendered = ItemKeys.render(
                Map.of("pk", AttributeValue.fromN("42"), "sk", AttributeValue.fromS("2026")), "pk", Optional.of("sk"));
        assertEquals("42|2026", rendered);
    }

    @Test
    void failure_noSequenceNumber_namedByTheRecordItself() {
        ChangeRecordDecoder decoder = new ChangeRecordDecoder(dev.driftwatch.config.TableConfig.named("inventory"));
        software.amazon.awssdk.services.dynamodb.model.Record first =
                software.amazon.awssdk.services.dynamodb.model.Record.builder()
                        .eventName("MODIFY")
                        .dynamodb(b -> b.keys(Map.of("sku", AttributeValue.fromS("a"))))
                        .build();
        software.amazon.awssdk.services.dynamodb.model.Record second = first.toBuilder()
                .dynamodb(b -> b.keys(Map.of("sku", AttributeValue.fromS("b"))))
                .build();

        String once = decoder.failure(first, "shard-1", "no sequence number")
                .sequenceNumber()
                .orElseThrow();
        String again = decoder.failure(first, "shard-1", "no sequence number")
                .sequenceNumber()
                .orElseThrow();
        String other = decoder.failure(second, "shard-1", "no sequence number")
                .sequenceNumber()
                .orElseThrow();

        assertEquals(once, again);
        org.junit.jupiter.api.Assertions.assertNotEquals(once, other);
        assertTrue(once.startsWith("unknown-"), once);
    }

    /** Issue 16 item 7: numbers DynamoDB itself could never hold are refused with where they are. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "123456789012345678901234567890123456789", // 39 significant digits
                "1E+126",
                "-1E+126",
                "1E-131",
                "1E+999999999",
                " 5", // DynamoDB writes no spaces
                "\u0665", // an Arabic-Indic five: Java parses it, DynamoDB does not
                "0E-500000000", // zero, but half a billion digits when written out
                "0.000000000000000000000000000000000000001234567890123456789012345678901234567890"
            })
    void decode_numberOutsideDynamoDbsRange_refusedNamingTheAttribute(String number) {
        DecodeException e = assertThrows(
                DecodeException.class,
                () -> decoder.decode(
                        modify(
                                Map.of("sku", KEY.get("sku"), "quantity", AttributeValue.fromN("1")),
                                Map.of(
                                        "sku",
                                        KEY.get("sku"),
                                        "nested",
                                        AttributeValue.fromM(Map.of("price", AttributeValue.fromN(number))))),
                        "shard-1"));
        assertTrue(e.getMessage().startsWith("NewImage.nested.price: "), e.getMessage());
        assertTrue(e.getMessage().length() < 200, "the message quotes a bounded part of the number");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "99999999999999999999999999999999999999",
                "9.9999999999999999999999999999999999999E+125",
                "-9.9999999999999999999999999999999999999E+125",
                "1E-130",
                "0",
                "-0",
                "100000000000000000000000000000000000000000000"
            })
    void decode_numberAtDynamoDbsEdges_accepted(String number) {
        ChangeRecord record = decoder.decode(
                modify(
                        Map.of("sku", KEY.get("sku"), "quantity", AttributeValue.fromN("1")),
                        Map.of("sku", KEY.get("sku"), "quantity", AttributeValue.fromN(number))),
                "shard-1");
        assertEquals(
                0, new BigDecimal(number).compareTo(record.newNumber("quantity").orElseThrow()));
    }
}
