package dev.driftwatch.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Images as gzip-compressed DynamoDB JSON ({@code {"quantity":{"N":"9"}, …}}), for images too large for one
 * audit row: every attribute type round-trips, sets and binaries included.
 */
final class ImageCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageCodec() {}

    static byte[] encode(Map<String, Map<String, AttributeValue>> images) {
        ObjectNode root = JSON.createObjectNode();
        images.forEach((name, image) -> root.set(name, map(image)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, root);
        } catch (IOException e) {
            throw new UncheckedIOException("images could not be encoded", e);
        }
        return bytes.toByteArray();
    }

    static Map<String, Map<String, AttributeValue>> decode(byte[] data) {
        JsonNode root;
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(data))) {
            root = JSON.readTree(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException("stored images could not be decoded", e);
        }
        Map<String, Map<String, AttributeValue>> images = new LinkedHashMap<>();
        root.fields().forEachRemaining(entry -> images.put(entry.getKey(), image(entry.getValue())));
        return images;
    }

    private static ObjectNode map(Map<String, AttributeValue> image) {
        ObjectNode node = JSON.createObjectNode();
        image.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        if (value.s() != null) {
            node.put("S", value.s());
        } else if (value.n() != null) {
            node.put("N", value.n());
        } else if (value.b() != null) {
            node.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
        } else if (value.bool() != null) {
            node.put("BOOL", value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            node.put("NULL", true);
        } else if (value.hasSs()) {
            ArrayNode list = node.putArray("SS");
            value.ss().forEach(list::add);
        } else if (value.hasNs()) {
            ArrayNode list = node.putArray("NS");
            value.ns().forEach(list::add);
        } else if (value.hasBs()) {
            ArrayNode list = node.putArray("BS");
            value.bs().forEach(b -> list.add(Base64.getEncoder().encodeToString(b.asByteArray())));
        } else if (value.hasL()) {
            ArrayNode list = node.putArray("L");
            value.l().forEach(element -> list.add(value(element)));
        } else if (value.hasM()) {
            node.set("M", map(value.m()));
        } else {
            node.put("NULL", true);
        }
        return node;
    }

    private static Map<String, AttributeValue> image(JsonNode node) {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> image.put(entry.getKey(), attribute(entry.getValue())));
        return image;
    }

    private static AttributeValue attribute(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        Map.Entry<String, JsonNode> tagged = fields.next();
        JsonNode v = tagged.getValue();
        return switch (tagged.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "B" ->
                AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "BS" ->
                AttributeValue.fromBs(texts(v).stream()
                        .map(text -> SdkBytes.fromByteArray(Base64.getDecoder().decode(text)))
                        .toList());
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(element -> list.add(attribute(element)));
                yield AttributeValue.fromL(list);
            }
            case "M" -> AttributeValue.fromM(image(v));
            default -> AttributeValue.fromNul(true);
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
