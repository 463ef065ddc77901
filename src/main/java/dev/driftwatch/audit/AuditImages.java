package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingFields;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stream record's images, stored once per record apart from its findings: however many rules fire on a
 * record, its images are written once, and a finding row stays small whatever the item's size. The rows
 * are {@code pk = images#<table>#<shard>#<sequence>}, {@code sk = part#<n>}; a finding row names its
 * images' partition in {@value #IMAGES}. Images that fit in one row are stored as {@code oldImage} and
 * {@code newImage} maps, readable with any DynamoDB tool; larger ones (an item near DynamoDB's 400 KB, on
 * both sides of a MODIFY) as gzip-compressed DynamoDB JSON cut into parts of {@value #PART_BYTES} bytes.
 */
public final class AuditImages {
    /** The partition key prefix of image rows. */
    public static final String PARTITION_PREFIX = "images#";

    /** The attribute of a finding row that names its images' partition key. */
    public static final String IMAGES = "images";

    static final long INLINE_LIMIT = 350 * 1024;
    static final int PART_BYTES = 300 * 1024;
    /** DynamoDB nests documents 32 levels deep; inline images add one level. */
    static final int MAX_INLINE_DEPTH = 30;

    private static final String PARTS = "parts";
    private static final String DATA = "data";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public AuditImages(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** The partition of a record's images: one per record, whatever rule fired on it. */
    public static String partitionKey(Finding finding) {
        return AuditTable.bounded(
                PARTITION_PREFIX + finding.table() + "#" + finding.shardId() + "#" + finding.sequenceNumber(),
                AuditTable.MAX_PARTITION_KEY_BYTES);
    }

    static boolean hasImages(Finding finding) {
        return !finding.oldImage().isEmpty() || !finding.newImage().isEmpty();
    }

    /** The rows that hold images (already redacted) of {@code finding}'s record. */
    static List<Map<String, AttributeValue>> rows(
            Finding finding,
            Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage,
            AttributeValue expiresAt) {
        return rows(finding, oldImage, newImage, expiresAt, false);
    }

    /**
     * The rows; {@code compressed} forces the gzip form, which DynamoDB accepts whatever the images hold (the
     * inline maps nest one level deeper than the item did, and carry its numbers as DynamoDB numbers).
     */
    static List<Map<String, AttributeValue>> rows(
            Finding finding,
            Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage,
            AttributeValue expiresAt,
            boolean compressed) {
        String partition = partitionKey(finding);
        Map<String, AttributeValue> inline = new HashMap<>();
        inline.put(AuditTable.PK, AttributeValue.fromS(partition));
        inline.put(AuditTable.SK, AttributeValue.fromS(part(0)));
        inline.put(PARTS, AttributeValue.fromN("1"));
        inline.put(FindingFields.OLD_IMAGE, AttributeValue.fromM(oldImage));
        inline.put(FindingFields.NEW_IMAGE, AttributeValue.fromM(newImage));
        inline.put(AuditTable.EXPIRES_AT, expiresAt);
        if (!compressed
                && ItemSize.upperBound(inline) <= INLINE_LIMIT
                && depth(oldImage) < MAX_INLINE_DEPTH
                && depth(newImage) < MAX_INLINE_DEPTH) {
            return List.of(inline);
        }
        byte[] data = ImageCodec.encode(Map.of(
                FindingFields.OLD_IMAGE, oldImage,
                FindingFields.NEW_IMAGE, newImage));
        int parts = Math.max(1, (data.length + PART_BYTES - 1) / PART_BYTES);
        List<Map<String, AttributeValue>> rows = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            int from = i * PART_BYTES;
            int to = Math.min(data.length, from + PART_BYTES);
            rows.add(Map.of(
                    AuditTable.PK,
                    AttributeValue.fromS(partition),
                    AuditTable.SK,
                    AttributeValue.fromS(part(i)),
                    PARTS,
                    AttributeValue.fromN(Integer.toString(parts)),
                    DATA,
                    AttributeValue.fromB(SdkBytes.fromByteBuffer(ByteBuffer.wrap(data, from, to - from))),
                    AuditTable.EXPIRES_AT,
                    expiresAt));
        }
        return rows;
    }

    /**
     * {@code finding} (read from its row, without images) with its record's images read back; unchanged when none
     * are stored. Throws {@link ImagesUnreadable} when they cannot be read whole.
     */
    public Finding attach(Finding finding) {
        List<Map<String, AttributeValue>> rows = new ArrayList<>(dynamoDb
                .queryPaginator(b -> b.tableName(tableName)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", AuditTable.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey(finding))))
                        .consistentRead(true))
                .items()
                .stream()
                .toList());
        if (rows.isEmpty()) {
            return finding;
        }
        try {
            return withImages(finding, rows);
        } catch (RuntimeException e) {
            throw new ImagesUnreadable("images of " + finding.id() + ": " + e.getMessage(), e);
        }
    }

    private Finding withImages(Finding finding, List<Map<String, AttributeValue>> rows) {
        rows.sort(Comparator.comparing(row -> row.get(AuditTable.SK).s()));
        Map<String, AttributeValue> first = rows.get(0);
        if (first.containsKey(FindingFields.OLD_IMAGE)) {
            return finding.toBuilder()
                    .oldImage(first.get(FindingFields.OLD_IMAGE).m())
                    .newImage(first.get(FindingFields.NEW_IMAGE).m())
                    .build();
        }
        int parts = Integer.parseInt(first.get(PARTS).n());
        if (parts < 1 || !part(0).equals(first.get(AuditTable.SK).s())) {
            throw new IllegalStateException("part 0 missing or a part count of " + parts);
        }
        rows = rows.subList(0, Math.min(parts, rows.size())); // parts beyond are left from an earlier write
        if (rows.size() != parts
                || !part(parts - 1)
                        .equals(rows.get(parts - 1).get(AuditTable.SK).s())) {
            throw new IllegalStateException(rows.size() + " of " + parts + " parts stored");
        }
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (Map<String, AttributeValue> row : rows) {
            data.writeBytes(row.get(DATA).b().asByteArray());
        }
        Map<String, Map<String, AttributeValue>> images = ImageCodec.decode(data.toByteArray());
        return finding.toBuilder()
                .oldImage(images.getOrDefault(FindingFields.OLD_IMAGE, Map.of()))
                .newImage(images.getOrDefault(FindingFields.NEW_IMAGE, Map.of()))
                .build();
    }

    private static int depth(Map<String, AttributeValue> image) {
        int deepest = 0;
        for (AttributeValue value : image.values()) {
            deepest = Math.max(deepest, depth(value));
        }
        return deepest;
    }

    private static int depth(AttributeValue value) {
        if (value.hasM()) {
            return 1 + depth(value.m());
        }
        if (value.hasL()) {
            int deepest = 0;
            for (AttributeValue element : value.l()) {
                deepest = Math.max(deepest, depth(element));
            }
            return 1 + deepest;
        }
        return 1;
    }

    private static String part(int index) {
        return String.format("part#%04d", index);
    }
}
