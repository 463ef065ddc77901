package dev.driftwatch.rule;

import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static dev.driftwatch.record.TestRecords.remove;
import static dev.driftwatch.rule.RuleAssertions.TABLE;
import static dev.driftwatch.rule.RuleAssertions.fires;
import static dev.driftwatch.rule.RuleAssertions.holds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardedStockRuleTest {
    private final Rule rule = new ShardedStockRule(TABLE.withShardedCounters(true));

    private static ChangeRecord shard(int index, long before, long after, int shards) {
        String key = "A#" + index;
        return modify(
                item("sku", key, "quantity", before, "shards", shards),
                item("sku", key, "quantity", after, "shards", shards));
    }

    @Test
    void check_allShardsSeenSumBelowFloor_fires() {
        holds(rule, shard(0, 5, 3, 3));
        holds(rule, shard(1, 2, 1, 3));
        Violation v = fires(rule, shard(2, 0, -6, 3), FindingClass.INVARIANT);
        assertEquals("logical item A: its 3 shards sum to -2, below the floor 0 (A#2 now -6)", v.message());
    }

    @Test
    void check_notEveryShardSeenYet_holds() {
        holds(rule, shard(0, 5, -1, 4));
        holds(rule, shard(1, 5, -1, 4));
        holds(rule, shard(2, 5, -1, 4));
    }

    @Test
    void check_sumAtOrAboveFloor_holds() {
        holds(rule, shard(0, 5, 4, 2));
        holds(rule, shard(1, 0, -4, 2));
    }

    @Test
    void check_reshardedToFewer_forgetsTheShardsBeyond() {
        holds(rule, shard(0, 5, 5, 3));
        holds(rule, shard(1, 5, 5, 3));
        holds(rule, shard(2, 5, 30, 3));
        holds(rule, remove(item("sku", "A#2", "quantity", 30, "shards", 3)));
        holds(rule, shard(0, 5, 5, 2));
        // Had A#2's 30 units been remembered, the sum would be 29.
        Violation v = fires(rule, shard(1, 5, -6, 2), FindingClass.INVARIANT);
        assertEquals("logical item A: its 2 shards sum to -1, below the floor 0 (A#1 now -6)", v.message());
    }

    @Test
    void check_retiredShardRecordWithTheNewCount_notCountedInTheSum() {
        // A reshard from 3 to 2 empties A#2 and stamps it shards = 2; its record must not stand in for A#1.
        holds(rule, shard(2, 30, 0, 2));
        holds(rule, shard(0, 5, -3, 2));
        Violation v = fires(rule, shard(1, 5, -6, 2), FindingClass.INVARIANT);
        assertEquals("logical item A: its 2 shards sum to -9, below the floor 0 (A#1 now -6)", v.message());
    }

    @Test
    void check_retiredShardOnly_seenWithOneLiveShardMissing_holds() {
        holds(rule, shard(2, 30, 0, 2));
        holds(rule, shard(0, 5, -3, 2));
    }

    @Test
    void check_shardIndexBeyondAnInt_holdsWithoutError() {
        holds(
                rule,
                modify(
                        item("sku", "A#99999999999999999999", "quantity", 1, "shards", 2),
                        item("sku", "A#99999999999999999999", "quantity", -5, "shards", 2)));
    }

    @Test
    void check_plainItem_holds() {
        holds(rule, modify(item("sku", "B", "quantity", 1), item("sku", "B", "quantity", -5)));
    }

    @Test
    void forTable_shardedCountersOff_ruleAbsent() {
        assertEquals(
                false, BuiltInRules.forTable(TABLE).stream().anyMatch(r -> r.id().equals("logical-negative-stock")));
        assertEquals(
                List.of("logical-negative-stock"),
                BuiltInRules.forTable(TABLE.withShardedCounters(true)).stream()
                        .map(Rule::id)
                        .filter(id -> id.startsWith("logical"))
                        .toList());
    }
}
