package dev.driftwatch.streamgap;

import java.util.Collection;
import java.util.Map;

/** Durable per-item state of the stream-gap check, shared by every worker of a table. */
public interface ItemStateStore {
    /** The states of those items that have one, read consistently. */
    Map<String, ItemState> load(String table, Collection<String> itemKeys);

    /**
     * Stores each state unless the stored one is at or after its sequence number: an older record
     * (a slow worker, a replay) never overwrites a newer one.
     *
     * @return the item keys whose state was not stored because a newer one was there
     */
    java.util.Set<String> advance(String table, Collection<ItemState> states);

    /** Stores each state whatever is stored (a baseline taken anew). */
    void replace(String table, Collection<ItemState> states);
}
