package dev.driftwatch.bench;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.ChangeRecordDecoder;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.Rule;
import dev.driftwatch.rule.RuleDefinition;
import dev.driftwatch.rule.RuleEngine;
import dev.driftwatch.rule.SeverityPolicy;
import dev.driftwatch.rule.cel.CelRule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Per-record cost of rules, built-in against CEL, on one thread. Every call decodes a new record, as
 * the daemon does (a CEL rule set converts each image once per record, so reusing one record would
 * hide that cost); {@code decodeOnly} is the baseline to subtract.
 *
 * <ul>
 *   <li>{@code threeBuiltIns}: negative-stock, version-regressed, version-skipped;
 *   <li>{@code threeCel}: the same three checks written as CEL rules, with message templates;
 *   <li>{@code allBuiltIns}: the nine built-ins, the daemon's default;
 *   <li>{@code allBuiltInsPlusShippedCel}: the nine plus the two CEL rules of config/rules/inventory.yaml.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -B -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath org.openjdk.jmh.Main CelRuleBenchmark"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CelRuleBenchmark {
    private final TableConfig table = TableConfig.named("inventory");
    private final ChangeRecordDecoder decoder = new ChangeRecordDecoder(table);
    private final Record record = BenchRecords.modify(item(10, 5, 1, "19.99"), item(9, 6, 2, "19.99"));

    private final RuleEngine threeBuiltIns = engine(List.of(
            BuiltInRules.create("negative-stock", table),
            BuiltInRules.create("version-regressed", table),
            BuiltInRules.create("version-skipped", table)));
    private final RuleEngine threeCel = engine(List.of(
            cel(
                    "cel-negative-stock",
                    "!has(newSelf.quantity) || newSelf.quantity >= 0",
                    "quantity {newSelf.quantity} below 0"),
            cel(
                    "cel-version-regressed",
                    "!has(oldSelf.version) || !has(newSelf.version) || newSelf.version >= oldSelf.version",
                    "version {oldSelf.version} → {newSelf.version}"),
            cel(
                    "cel-version-skipped",
                    "!has(oldSelf.version) || !has(newSelf.version) || newSelf.version <= oldSelf.version + 1",
                    "version {oldSelf.version} → {newSelf.version}")));
    private final RuleEngine allBuiltIns = engine(BuiltInRules.forTable(table));
    private final RuleEngine allBuiltInsPlusShippedCel = engine(withShipped());

    private List<Rule> withShipped() {
        List<Rule> rules = new ArrayList<>(BuiltInRules.forTable(table));
        rules.add(cel(
                "reserved-within-quantity",
                "!has(newSelf.reserved) || newSelf.reserved <= newSelf.quantity",
                "reserved {newSelf.reserved} exceeds quantity {newSelf.quantity}"));
        rules.add(cel(
                "price-change-bounded",
                "!has(oldSelf.price) || !has(newSelf.price) || double(newSelf.price) <= double(oldSelf.price) * 2.0",
                "price more than doubled: {oldSelf.price} → {newSelf.price}"));
        return rules;
    }

    private static CelRule cel(String id, String assertion, String message) {
        return CelRule.compile(new RuleDefinition(
                id, FindingClass.INVARIANT, Optional.empty(), Optional.empty(), assertion, message, "benchmark"));
    }

    private static RuleEngine engine(List<Rule> rules) {
        return new RuleEngine(rules, SeverityPolicy.DEFAULTS, Clock.systemUTC(), "writer", "writeId");
    }

    private static Map<String, AttributeValue> item(long quantity, long version, long reserved, String price) {
        return Map.of(
                "sku", AttributeValue.fromS("A-1"),
                "quantity", AttributeValue.fromN(Long.toString(quantity)),
                "version", AttributeValue.fromN(Long.toString(version)),
                "reserved", AttributeValue.fromN(Long.toString(reserved)),
                "lastDelta", AttributeValue.fromN("-1"),
                "writeId", AttributeValue.fromS("w-" + version),
                "writer", AttributeValue.fromS("checkout-api"),
                "name", AttributeValue.fromS("Blue widget, large"),
                "price", AttributeValue.fromN(price));
    }

    @Benchmark
    public ChangeRecord decodeOnly() {
        return decoder.decode(record, "shard-1");
    }

    @Benchmark
    public List<Finding> threeBuiltIns() {
        return threeBuiltIns.evaluate(decoder.decode(record, "shard-1"));
    }

    @Benchmark
    public List<Finding> threeCel() {
        return threeCel.evaluate(decoder.decode(record, "shard-1"));
    }

    @Benchmark
    public List<Finding> allBuiltIns() {
        return allBuiltIns.evaluate(decoder.decode(record, "shard-1"));
    }

    @Benchmark
    public List<Finding> allBuiltInsPlusShippedCel() {
        return allBuiltInsPlusShippedCel.evaluate(decoder.decode(record, "shard-1"));
    }
}
