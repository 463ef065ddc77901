package dev.driftwatch.streamgap;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the stream-gap check finds the last state of each item and keeps the new ones: durable in the audit table
 * ({@link DurableGapStates}, shared by every worker, at a write per changed item per batch), or in memory per lease
 * ({@link LeaseChains}, free, and blind to what happened before the lease).
 */
public interface GapStates {
    /** The last states known of these items, whose records came from shard {@code shardId}. */
    Map<String, ItemState> load(String shardId, Collection<String> itemKeys);

    /**
     * The states of items whose record did not follow the loaded state, read again where a loaded state may be
     * stale (another worker may have moved the item on); empty when every loaded state is authoritative.
     */
    Optional<Map<String, ItemState>> reload(String shardId, Collection<String> itemKeys);

    /** Keeps the batch's last state per item, once its findings are stored. */
    void store(String shardId, Collection<ItemState> latest);

    /**
     * A lease of {@code shardId} begins, at the shard's first record or not; {@code parent} names the shard's
     * parent, asked only by states that need it. Returns the lease's token, to give back to {@link #leaseEnded}.
     */
    default long leaseStarted(String shardId, boolean fromShardStart, Supplier<Optional<String>> parent) {
        return 0;
    }

    /**
     * The lease of {@code shardId} that {@code lease} names ends: the shard read to its end, or the lease lost or
     * shut down. A token of an older lease of the shard, ended late, changes nothing.
     */
    default void leaseEnded(String shardId, long lease, boolean shardCompleted) {}
}
