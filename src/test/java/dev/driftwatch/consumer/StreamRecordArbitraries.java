package dev.driftwatch.consumer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Arbitrary DynamoDB stream records: every attribute type, mistyped stamps, numbers at DynamoDB's limits. */
final class StreamRecordArbitraries {
    static final List<String> NAMES = List.of("sku", "quantity", "version", "lastDelta", "writeId", "writer", "note");

    private StreamRecordArbitraries() {}

    static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.bigDecimals().ofScale(5).map(d -> d.toPlainString()),
                Arbitraries.of(
                        "99999999999999999999999999999999999999",
                        "-99999999999999999999999999999999999999",
                        "1E+125",
                        "-1E+125",
                        "1E-130",
                        "0",
                        "-0",
                        "0.00000000000000000000000000000000000001"));
    }

    static Arbitrary<AttributeValue> values(int depth) {
        Arbitrary<AttributeValue> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(AttributeValue::fromS),
                numbers().map(AttributeValue::fromN),
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMaxSize(8)
                        .map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b))),
                Arbitraries.of(true, false).map(AttributeValue::fromBool),
                Arbitraries.just(AttributeValue.fromNul(true)),
                Arbitraries.strings()
                        .ofMinLength(1)
                        .ofMaxLength(5)
                        .set()
                        .ofMinSize(1)
                        .ofMaxSize(3)
                        .map(set -> AttributeValue.fromSs(List.copyOf(set))),
                numbers().set().ofMinSize(1).ofMaxSize(3).map(set -> AttributeValue.fromNs(List.copyOf(set))),
                Arbitraries.just(AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x")))));
        if (depth <= 0) {
            return scalar;
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalar),
                net.jqwik.api.Tuple.of(1, values(depth - 1).list().ofMaxSize(3).map(AttributeValue::fromL)),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.maps(Arbitraries.of(NAMES), values(depth - 1))
                                .ofMaxSize(3)
                                .map(AttributeValue::fromM)));
    }

    /** An image that mostly has a string sku, with any of the stamped attributes of any type. */
    static Arbitrary<Map<String, AttributeValue>> images() {
        Arbitrary<Map<String, AttributeValue>> attributes =
                Arbitraries.maps(Arbitraries.of(NAMES), values(2)).ofMaxSize(7);
        return Combinators.combine(attributes, Arbitraries.integers().between(0, 9))
                .as((map, dice) -> {
                    java.util.HashMap<String, AttributeValue> image = new java.util.HashMap<>(map);
                    if (dice > 0) {
                        image.put("sku", AttributeValue.fromS("A-" + dice));
                    }
                    return Map.copyOf(image);
                });
    }

    static Arbitrary<Record> records() {
        Arbitrary<String> events = Arbitraries.of("INSERT", "MODIFY", "REMOVE", "MODIFY", "UPSERT");
        Arbitrary<Map<String, AttributeValue>> maybeImage = Arbitraries.oneOf(images(), Arbitraries.just(null));
        Arbitrary<Long> sequences = Arbitraries.longs().between(1, 1_000_000_000L);
        Arbitrary<Boolean> hasKeys = Arbitraries.integers().between(0, 9).map(d -> d > 0);
        return Combinators.combine(events, maybeImage, maybeImage, sequences, hasKeys)
                .as((event, oldImage, newImage, sequence, keys) -> {
                    StreamRecord.Builder stream = StreamRecord.builder()
                            .sequenceNumber(Long.toString(sequence))
                            .approximateCreationDateTime(Instant.parse("2026-11-25T10:00:00Z"));
                    Map<String, AttributeValue> source = newImage != null ? newImage : oldImage;
                    if (keys && source != null && source.containsKey("sku")) {
                        stream.keys(Map.of("sku", source.get("sku")));
                    }
                    if (oldImage != null) {
                        stream.oldImage(oldImage);
                    }
                    if (newImage != null) {
                        stream.newImage(newImage);
                    }
                    return Record.builder()
                            .eventName(event)
                            .dynamodb(stream.build())
                            .build();
                });
    }
}
