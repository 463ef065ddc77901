package dev.driftwatch.bench;

import dev.driftwatch.config.TableConfig;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items the benchmarks write: items of eight attributes, either clean (quantity 10) or violating with
 * exactly one finding (quantity -1: negative-stock). The {@code round}-th write of an item carries version
 * {@code initialVersion + round} and its own write id: a versioned update that changes the item (a write that
 * changes nothing leaves no stream record, on DynamoDB and on the local endpoint). Which of them violate is
 * spread evenly: with p percent, record i violates when ⌊(i+1)p/100⌋ > ⌊ip/100⌋, so the last
 * record of a run always violates when p > 0.
 */
final class BenchItems {
    private BenchItems() {}

    static boolean violates(long index, int percent) {
        return (index + 1) * percent / 100 > index * percent / 100;
    }

    static long violatingCount(long records, int percent) {
        return records * percent / 100;
    }

    static Map<String, AttributeValue> item(TableConfig table, String key, boolean violating) {
        return item(table, key, violating, 0);
    }

    static Map<String, AttributeValue> item(TableConfig table, String key, boolean violating, long round) {
        var names = table.attributes();
        return Map.of(
                table.key(),
                AttributeValue.fromS(key),
                names.quantity(),
                AttributeValue.fromN(violating ? "-1" : "10"),
                names.version(),
                AttributeValue.fromN(Long.toString(table.initialVersion() + round)),
                names.writeId(),
                AttributeValue.fromS("w-" + key + "-" + round),
                names.writer(),
                AttributeValue.fromS("bench"),
                "warehouse",
                AttributeValue.fromS("eu-west-dc1"),
                "description",
                AttributeValue.fromS("benchmark item for the stream consumer"),
                "price",
                AttributeValue.fromN("12.50"));
    }
}
