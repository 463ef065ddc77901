package dev.driftwatch.streamgap;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Item states in memory, for an offline replay that does not write to the audit table, and for tests. */
public final class InMemoryItemStateStore implements ItemStateStore {
    private final Map<String, ItemState> states = new ConcurrentHashMap<>();

    @Override
    public Map<String, ItemState> load(String table, Collection<String> itemKeys) {
        Map<String, ItemState> found = new HashMap<>();
        for (String key : itemKeys) {
            ItemState state = states.get(table + "#" + key);
            if (state != null) {
                found.put(key, state);
            }
        }
        return found;
    }

    @Override
    public void replace(String table, Collection<ItemState> newStates) {
        newStates.forEach(state -> states.put(table + "#" + state.itemKey(), state));
    }

    @Override
    public Set<String> advance(String table, Collection<ItemState> newStates) {
        Set<String> refused = new HashSet<>();
        for (ItemState state : newStates) {
            ItemState stored = states.merge(
                    table + "#" + state.itemKey(),
                    state,
                    (old, offered) -> old.isAtOrAfter(offered.sequenceNumber()) ? old : offered);
            if (stored != state) {
                refused.add(state.itemKey());
            }
        }
        return refused;
    }
}
