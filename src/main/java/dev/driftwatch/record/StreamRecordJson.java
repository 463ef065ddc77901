package dev.driftwatch.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * DynamoDB stream records in the JSON of the DynamoDB Streams API: what {@code aws dynamodbstreams
 * get-records} prints (an object with {@code Records}), one record per line as exported, or a Lambda
 * event (lower-case {@code userIdentity} keys). Turned into the SDK's Record, so that replay decodes
 * through the same {@link ChangeRecordDecoder} as the daemon.
 */
public final class StreamRecordJson {
    private StreamRecordJson() {}

    /** The records of one JSON document: its {@code Records} (get-records output) or the document itself. */
    public static List<JsonNode> records(JsonNode document) {
        if (document.has("Records")) {
            JsonNode records = document.get("Records");
            if (!records.isArray()) {
                throw new DecodeException("Records is not a list");
            }
            List<JsonNode> list = new ArrayList<>();
            records.forEach(list::add);
            return list;
        }
        return List.of(document);
    }

    /**
     * One record.
     *
     * @throws DecodeException naming what is missing or malformed
     */
    public static Record record(JsonNode node) {
        if (!node.isObject()) {
            throw new DecodeException("expected a stream record object");
        }
        JsonNode stream = node.get("dynamodb");
        if (stream == null || !stream.isObject()) {
            throw new DecodeException("record has no dynamodb section");
        }
        StreamRecord.Builder streamRecord = StreamRecord.builder()
                .sequenceNumber(text(stream, "SequenceNumber"))
                .streamViewType(text(stream, "StreamViewType"));
        if (stream.has("SizeBytes")) {
            streamRecord.sizeBytes(stream.get("SizeBytes").asLong());
        }
        JsonNode time = stream.get("ApproximateCreationDateTime");
        if (time != null && !time.isNull()) {
            streamRecord.approximateCreationDateTime(instant(time));
        }
        if (stream.has("Keys")) {
            streamRecord.keys(image(stream.get("Keys"), "Keys"));
        }
        if (stream.has("NewImage")) {
            streamRecord.newImage(image(stream.get("NewImage"), "NewImage"));
        }
        if (stream.has("OldImage")) {
            streamRecord.oldImage(image(stream.get("OldImage"), "OldImage"));
        }
        Record.Builder record = Record.builder()
                .eventID(text(node, "eventID"))
                .eventName(text(node, "eventName"))
                .eventSource(text(node, "eventSource"))
                .awsRegion(text(node, "awsRegion"))
                .dynamodb(streamRecord.build());
        JsonNode identity = node.get("userIdentity");
        if (identity != null && identity.isObject()) {
            record.userIdentity(Identity.builder()
                    .type(text(identity, "Type", "type"))
                    .principalId(text(identity, "PrincipalId", "principalId"))
                    .build());
        }
        Record built = record.build();
        if (built.eventName() == null || built.eventName() == OperationType.UNKNOWN_TO_SDK_VERSION) {
            throw new DecodeException("unknown event name '" + text(node, "eventName") + "'");
        }
        return built;
    }

    /** The table an {@code eventSourceARN} names, if the record carries one. */
    public static java.util.Optional<String> tableOf(JsonNode node) {
        String arn = text(node, "eventSourceARN");
        if (arn == null) {
            return java.util.Optional.empty();
        }
        int start = arn.indexOf(":table/");
        if (start < 0) {
            return java.util.Optional.empty();
        }
        int end = arn.indexOf('/', start + 7);
        return java.util.Optional.of(end < 0 ? arn.substring(start + 7) : arn.substring(start + 7, end));
    }

    /** 9999-12-31T23:59:59Z: a creation time past it is no DynamoDB record's. */
    private static final BigDecimal LAST_SECOND = BigDecimal.valueOf(253_402_300_799L);

    /** Epoch seconds from 0 to the end of year 9999, or an ISO instant. */
    private static Instant instant(JsonNode time) {
        if (time.isNumber()) {
            BigDecimal seconds = time.decimalValue();
            if (seconds.signum() < 0 || seconds.compareTo(LAST_SECOND) > 0) {
                throw new DecodeException("ApproximateCreationDateTime is out of range (epoch seconds 0 to "
                        + LAST_SECOND.toPlainString() + "): " + DynamoNumbers.shown(time.asText()));
            }
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                    .movePointRight(9)
                    .longValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        try {
            return Instant.parse(time.asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new DecodeException("ApproximateCreationDateTime is neither epoch seconds nor an ISO instant: "
                    + DynamoNumbers.shown(time.asText()));
        }
    }

    private static Map<String, AttributeValue> image(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new DecodeException(what + " is not an object of attributes");
        }
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            attributes.put(field.getKey(), value(field.getValue(), what + "." + field.getKey()));
        }
        return attributes;
    }

    static AttributeValue value(JsonNode node, String path) {
        if (!node.isObject() || node.size() != 1) {
            throw new DecodeException(path + ": expected one type tag such as {\"S\": ...}, got " + node);
        }
        Map.Entry<String, JsonNode> tagged = node.fields().next();
        JsonNode v = tagged.getValue();
        return switch (tagged.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(number(v, path));
            case "B" -> AttributeValue.fromB(bytes(v, path));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(strings(v, path, false));
            case "NS" -> AttributeValue.fromNs(strings(v, path, true));
            case "BS" -> {
                List<SdkBytes> list = new ArrayList<>();
                v.forEach(element -> list.add(bytes(element, path)));
                yield AttributeValue.fromBs(list);
            }
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                int i = 0;
                for (JsonNode element : v) {
                    list.add(value(element, path + "[" + i++ + "]"));
                }
                yield AttributeValue.fromL(list);
            }
            case "M" -> AttributeValue.fromM(image(v, path));
            default -> throw new DecodeException(path + ": unknown type tag '" + tagged.getKey() + "'");
        };
    }

    private static String number(JsonNode v, String path) {
        return DynamoNumbers.check(path, v.asText());
    }

    private static List<String> strings(JsonNode v, String path, boolean numbers) {
        if (!v.isArray()) {
            throw new DecodeException(path + ": expected a list");
        }
        List<String> list = new ArrayList<>();
        v.forEach(element -> list.add(numbers ? number(element, path) : element.asText()));
        return list;
    }

    private static SdkBytes bytes(JsonNode v, String path) {
        try {
            return SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText()));
        } catch (IllegalArgumentException e) {
            throw new DecodeException(path + ": not base64");
        }
    }

    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }
}
