package dev.driftwatch.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Reads a whole stream through the SDK and writes it as JSON lines in the Streams API's JSON, as replay reads it. */
public final class StreamExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamExport() {}

    public static List<Record> read(DynamoDbStreamsClient streams, String streamArn) {
        List<Record> records = new ArrayList<>();
        List<Shard> shards = streams.describeStream(b -> b.streamArn(streamArn))
                .streamDescription()
                .shards();
        for (Shard shard : shards) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String current = iterator;
                var response = streams.getRecords(b -> b.shardIterator(current));
                records.addAll(response.records());
                if (response.records().isEmpty()) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        return records;
    }

    public static void writeLines(List<Record> records, Path file) {
        StringBuilder text = new StringBuilder();
        for (Record record : records) {
            text.append(json(record)).append('\n');
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Record record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventSource", "aws:dynamodb");
        ObjectNode stream = node.putObject("dynamodb");
        var source = record.dynamodb();
        if (source.approximateCreationDateTime() != null) {
            stream.put(
                    "ApproximateCreationDateTime",
                    new BigDecimal(source.approximateCreationDateTime().getEpochSecond()));
        }
        if (source.hasKeys()) {
            stream.set("Keys", image(source.keys()));
        }
        if (source.hasNewImage()) {
            stream.set("NewImage", image(source.newImage()));
        }
        if (source.hasOldImage()) {
            stream.set("OldImage", image(source.oldImage()));
        }
        stream.put("SequenceNumber", source.sequenceNumber());
        stream.put("StreamViewType", source.streamViewTypeAsString());
        return node.toString();
    }

    private static ObjectNode image(Map<String, AttributeValue> attributes) {
        ObjectNode node = JSON.createObjectNode();
        attributes.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(value(element)));
            }
            case M -> node.set("M", image(value.m()));
            default -> throw new IllegalArgumentException("not exported: " + value.type());
        }
        return node;
    }
}
