package dev.driftwatch.streamgap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stream-gap state in an {@link ItemStateStore}: the check then holds across restarts, shard lineage and
 * workers. A worker's own last states are cached; a gap seen against any state is confirmed against the store,
 * since another worker may have moved the item on meanwhile.
 */
public final class DurableGapStates implements GapStates {
    private static final int CACHED_ITEMS = 100_000;

    private final String table;
    private final ItemStateStore store;
    private final Map<String, ItemState> cache = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ItemState> eldest) {
            return size() > CACHED_ITEMS;
        }
    });

    public DurableGapStates(String table, ItemStateStore store) {
        this.table = table;
        this.store = store;
    }

    @Override
    public Map<String, ItemState> load(String shardId, Collection<String> itemKeys) {
        Map<String, ItemState> known = new HashMap<>();
        List<String> uncached = new ArrayList<>();
        for (String key : itemKeys) {
            ItemState cached = cache.get(key);
            if (cached == null) {
                uncached.add(key);
            } else {
                known.put(key, cached);
            }
        }
        if (!uncached.isEmpty()) {
            known.putAll(store.load(table, uncached));
        }
        return known;
    }

    @Override
    public Optional<Map<String, ItemState>> reload(String shardId, Collection<String> itemKeys) {
        itemKeys.forEach(cache::remove);
        return Optional.of(store.load(table, itemKeys));
    }

    /** A newer state stored meanwhile wins and is not cached. */
    @Override
    public void store(String shardId, Collection<ItemState> latest) {
        if (latest.isEmpty()) {
            return;
        }
        Set<String> refused = store.advance(table, latest);
        for (ItemState state : latest) {
            if (refused.contains(state.itemKey())) {
                cache.remove(state.itemKey());
            } else {
                cache.put(state.itemKey(), state);
            }
        }
    }
}
