package dev.driftwatch.bench;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** SDK stream records of item {@code sku=A-1} for the JMH benchmarks. */
final class BenchRecords {
    private BenchRecords() {}

    static Record modify(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        return Record.builder()
                .eventName(OperationType.MODIFY)
                .dynamodb(StreamRecord.builder()
                        .keys(Map.of("sku", AttributeValue.fromS("A-1")))
                        .oldImage(oldImage)
                        .newImage(newImage)
                        .sequenceNumber("110000000001745442301")
                        .approximateCreationDateTime(Instant.parse("2026-11-25T10:00:00Z"))
                        .build())
                .build();
    }
}
