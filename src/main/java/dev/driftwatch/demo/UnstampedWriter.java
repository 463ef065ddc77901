package dev.driftwatch.demo;

import dev.driftwatch.config.TableConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The seed's naive code (issue 22): read the item, compute the new quantity, write it back with a new
 * {@code updated_at} (an ORM's {@code auto_now}), no version, no delta, no write id, no condition. The write asks
 * for the item it replaced ({@code ReturnValues=ALL_OLD}); that is the demo's ground truth, not part of the
 * pattern: the log says what each write read and what it overwrote, hence what it lost and whether it left a
 * stream record at all.
 */
final class UnstampedWriter implements RaceWriter {
    /** The write-marker attribute these writers set. */
    static final String MARKER = "updated_at";

    /**
     * One applied write of the log.
     *
     * @param read the quantity the write read
     * @param overwritten the quantity it replaced (another write may have landed since the read)
     * @param written the quantity it wrote: read + delta
     */
    record Write(
            String itemKey, long read, long overwritten, long written, String overwrittenMarker, String writtenMarker) {
        /** What this write undid: the other writes that landed between its read and its write. */
        long lostUnits() {
            return read - overwritten;
        }

        /** DynamoDB writes a stream record only for a write that changed something. */
        boolean leftRecord() {
            return written != overwritten || !writtenMarker.equals(overwrittenMarker);
        }

        /** Its record moved the marker but kept the quantity: what counter-unchanged sees. */
        boolean counterUnchanged() {
            return written == overwritten && leftRecord();
        }
    }

    private final DynamoDbClient dynamoDb;
    private final TableConfig table;
    private final String name;
    private final Queue<Write> log;

    UnstampedWriter(DynamoDbClient dynamoDb, TableConfig table, String name, Queue<Write> log) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.name = name;
        this.log = log;
    }

    @Override
    public boolean adjust(String itemKey, long delta) {
        Map<String, AttributeValue> current = InventoryTable.read(dynamoDb, table, itemKey);
        String quantity = table.attributes().quantity();
        long read = Long.parseLong(current.get(quantity).n());
        Map<String, AttributeValue> next = new HashMap<>(current);
        next.put(quantity, AttributeValue.fromN(Long.toString(read + delta)));
        // The time, as auto_now sets it, and the writer: two writers in one microsecond still write two markers, so
        // the log can tell their writes apart.
        String marker = Instant.now() + " " + name;
        next.put(MARKER, AttributeValue.fromS(marker));
        Map<String, AttributeValue> replaced = dynamoDb.putItem(
                        b -> b.tableName(table.name()).item(next).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        String replacedMarker = replaced.get(MARKER).s();
        if (replacedMarker.equals(marker)) {
            // The SDK sent the put again after losing its response: what this write replaced is not known.
            throw new IllegalStateException("a write of " + itemKey + " was retried by the SDK after its response was"
                    + " lost: the writers' log cannot say what it replaced, so the demo cannot account for it");
        }
        log.add(new Write(
                itemKey, read, Long.parseLong(replaced.get(quantity).n()), read + delta, replacedMarker, marker));
        return true;
    }
}
