package dev.driftwatch.streamgap;

import dev.driftwatch.validation.Require;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The stream-gap state in memory, chained per lease: what this worker saw of each item since it took the lease
 * of a shard, and, when it read the shard's parent to its end itself, since then. Costs no request.
 *
 * <p>Within one stream, DynamoDB Streams delivers every change of an item once, in order, parent shards before
 * their children. A chain is therefore authoritative while this worker sees every record after its states: from
 * the lease's start, and across a parent shard this worker finished into a child it reads from the child's first
 * record. A lease lost, or a lease taken from another worker's checkpoint, starts a new, empty chain: the first
 * record of each item in it is not checked (no state), never checked against a stale one. What a chain cannot see
 * — records trimmed after 24 hours, a stream replaced, a restart — the coverage ledger records as holes.
 *
 * <p>At most {@code capacity} item states are held in all, the least recently seen dropped first: a dropped item's
 * next record is not checked. A state never moves an item back: a late commit of an older record (a processor of a
 * lease this worker lost, still retrying its batch while a new lease of the shard runs) is ignored.
 */
public final class LeaseChains implements GapStates {
    /** Completed parent chains kept for their children, at most. */
    private static final int COMPLETED_KEPT = 10_000;

    private record ChainItem(long chain, String itemKey) {}

    private final int capacity;
    private final AtomicLong nextChain = new AtomicLong();
    private final Map<String, Long> live = new HashMap<>();
    private final LinkedHashMap<String, Long> completed = new LinkedHashMap<>();
    private final LinkedHashMap<ChainItem, ItemState> states;

    public LeaseChains(int capacity) {
        Require.positive("capacity", capacity);
        this.capacity = capacity;
        this.states = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ChainItem, ItemState> eldest) {
                return size() > LeaseChains.this.capacity;
            }
        };
    }

    /**
     * A lease of {@code shardId} begins. A lease that starts at the shard's first record continues the chain of its
     * parent when this worker read the parent to its end ({@code parent} is asked only then).
     */
    @Override
    public long leaseStarted(String shardId, boolean fromShardStart, Supplier<Optional<String>> parent) {
        boolean awaited;
        synchronized (this) {
            awaited = fromShardStart && !completed.isEmpty();
        }
        // The lookup is a request (DescribeStream): made outside the lock every batch of the worker needs.
        Optional<String> parentShard = awaited ? parent.get() : Optional.empty();
        synchronized (this) {
            Long chain = parentShard.map(completed::get).orElse(null);
            long started = chain != null ? chain : nextChain.incrementAndGet();
            live.put(shardId, started);
            return started;
        }
    }

    /**
     * A lease of {@code shardId} ends: read to the shard's end ({@code completed}: its chain is kept for the
     * children), or lost or shut down (its chain is dropped).
     */
    @Override
    public synchronized void leaseEnded(String shardId, long lease, boolean shardCompleted) {
        Long chain = live.get(shardId);
        if (chain == null || chain != lease) {
            return; // a newer lease of the shard runs in this worker: its chain stays
        }
        live.remove(shardId);
        if (shardCompleted) {
            completed.put(shardId, chain);
            if (completed.size() > COMPLETED_KEPT) {
                completed.remove(completed.keySet().iterator().next());
            }
        }
    }

    @Override
    public synchronized Map<String, ItemState> load(String shardId, Collection<String> itemKeys) {
        long chain = chainOf(shardId);
        Map<String, ItemState> known = new HashMap<>();
        for (String key : itemKeys) {
            ItemState state = states.get(new ChainItem(chain, key));
            if (state != null) {
                known.put(key, state);
            }
        }
        return known;
    }

    /** A chain's states are what this lease saw: never stale. */
    @Override
    public Optional<Map<String, ItemState>> reload(String shardId, Collection<String> itemKeys) {
        return Optional.empty();
    }

    @Override
    public synchronized void store(String shardId, Collection<ItemState> latest) {
        Long chain = live.get(shardId);
        if (chain == null) {
            return; // the lease ended meanwhile: its chain is gone
        }
        for (ItemState state : latest) {
            states.merge(
                    new ChainItem(chain, state.itemKey()),
                    state,
                    (held, offered) -> held.isAtOrAfter(offered.sequenceNumber()) ? held : offered);
        }
    }

    /** Item states held, over all chains. */
    public synchronized int size() {
        return states.size();
    }

    /** A shard read without a lease's start (replay, tests) gets a chain of its own on its first batch. */
    private long chainOf(String shardId) {
        return live.computeIfAbsent(shardId, id -> nextChain.incrementAndGet());
    }
}
