package dev.driftwatch.bench;

import dev.driftwatch.config.TableConfig;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items the benchmarks write: new items of eight attributes, either clean (quantity 10, version
 * 1) or violating with exactly one finding (quantity -1: negative-stock). Which of them violate is
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
        var names = table.attributes();
        return Map.of(
                table.key(),
                AttributeValue.fromS(key),
                names.quantity(),
                AttributeValue.fromN(violating ? "-1" : "10"),
                names.version(),
                AttributeValue.fromN(Long.toString(table.initialVersion())),
                names.writeId(),
                AttributeValue.fromS("w-" + key),
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
