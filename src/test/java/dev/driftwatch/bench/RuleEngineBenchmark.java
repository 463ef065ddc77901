package dev.driftwatch.bench;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.ChangeRecordDecoder;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.SeverityPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Record pairs per second on one thread: decoding an SDK stream record into a ChangeRecord, and
 * decoding plus the eight built-in rules on a clean pair and on a violating one (a lost decrement: two
 * findings). Each call checks a newly decoded record, as the daemon does; the rules' cost alone is the
 * difference of the two times.
 *
 * <p>Run: {@code ./mvnw -B -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath org.openjdk.jmh.Main RuleEngineBenchmark"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEngineBenchmark {
    private final TableConfig table = TableConfig.named("inventory");
    private final ChangeRecordDecoder decoder = new ChangeRecordDecoder(table);
    private final RuleEngine engine = new RuleEngine(
            BuiltInRules.forTable(table), SeverityPolicy.DEFAULTS, Clock.systemUTC(), "writer", "writeId");
    private final Record cleanRecord = BenchRecords.modify(item(10, 5, "w1", 0), item(9, 6, "w2", -1));
    private final Record violatingRecord = BenchRecords.modify(item(9, 6, "w1", -1), item(9, 6, "w2", -1));

    private static Map<String, AttributeValue> item(long quantity, long version, String writeId, long delta) {
        return Map.of(
                "sku", AttributeValue.fromS("A-1"),
                "quantity", AttributeValue.fromN(Long.toString(quantity)),
                "version", AttributeValue.fromN(Long.toString(version)),
                "lastDelta", AttributeValue.fromN(Long.toString(delta)),
                "writeId", AttributeValue.fromS(writeId),
                "writer", AttributeValue.fromS("checkout-api"),
                "name", AttributeValue.fromS("Blue widget, large"),
                "price", AttributeValue.fromN("19.99"));
    }

    @Benchmark
    public ChangeRecord decode() {
        return decoder.decode(violatingRecord, "shard-1");
    }

    /** Decode plus the eight built-in rules, no finding: what every clean record costs. */
    @Benchmark
    public List<Finding> decodeAndCheckCleanPair() {
        return engine.evaluate(decoder.decode(cleanRecord, "shard-1"));
    }

    /** Decode plus the rules plus two findings (ids hashed, images attached). */
    @Benchmark
    public List<Finding> decodeAndCheckViolatingPair() {
        return engine.evaluate(decoder.decode(violatingRecord, "shard-1"));
    }
}
