package dev.driftwatch.config;

import dev.driftwatch.validation.Require;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The watched table: its name, key attributes, the attribute names the rules read, the floor below
 * which stock is an invariant violation, the version a new item must start with, and whether it holds
 * sharded counters ({@code <key>#<n>} items, as the updater's ShardedCounter writes them), and what its writers do
 * when they stamp nothing ({@link UnstampedWriters}).
 */
public record TableConfig(
        String name,
        String key,
        Optional<String> sortKey,
        AttributeNames attributes,
        BigDecimal floor,
        long initialVersion,
        boolean shardedCounters,
        Optional<UnstampedWriters> unstamped) {

    public TableConfig(
            String name,
            String key,
            Optional<String> sortKey,
            AttributeNames attributes,
            BigDecimal floor,
            long initialVersion,
            boolean shardedCounters) {
        this(name, key, sortKey, attributes, floor, initialVersion, shardedCounters, Optional.empty());
    }

    public TableConfig(
            String name,
            String key,
            Optional<String> sortKey,
            AttributeNames attributes,
            BigDecimal floor,
            long initialVersion) {
        this(name, key, sortKey, attributes, floor, initialVersion, false);
    }

    public TableConfig {
        Require.notBlank("table.name", name);
        Require.notBlank("table.key", key);
        Objects.requireNonNull(sortKey, "sortKey");
        sortKey.ifPresent(s -> Require.notBlank("table.sortKey", s));
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(unstamped, "unstamped");
    }

    public static TableConfig named(String name) {
        return new TableConfig(name, "sku", Optional.empty(), AttributeNames.DEFAULTS, BigDecimal.ZERO, 1);
    }

    public TableConfig withName(String newName) {
        return new TableConfig(newName, key, sortKey, attributes, floor, initialVersion, shardedCounters, unstamped);
    }

    public TableConfig withFloor(BigDecimal newFloor) {
        return new TableConfig(name, key, sortKey, attributes, newFloor, initialVersion, shardedCounters, unstamped);
    }

    public TableConfig withShardedCounters(boolean sharded) {
        return new TableConfig(name, key, sortKey, attributes, floor, initialVersion, sharded, unstamped);
    }

    /** The same table, its writers described as writing without stamps. */
    public TableConfig withUnstamped(UnstampedWriters writers) {
        return new TableConfig(
                name, key, sortKey, attributes, floor, initialVersion, shardedCounters, Optional.of(writers));
    }
}
