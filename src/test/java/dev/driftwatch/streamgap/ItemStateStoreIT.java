package dev.driftwatch.streamgap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.support.TestEndpoint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stream-gap state in the audit table, on the endpoint: batched reads, conditional updates, and the newer-wins condition. */
class ItemStateStoreIT {
    private static ItemState state(int item, long sequence, long version) {
        return new ItemState(
                "item-" + item,
                Long.toString(sequence),
                "digest-" + sequence,
                Optional.of(BigDecimal.valueOf(version)));
    }

    private static DynamoDbItemStateStore freshStore() {
        AwsClients clients = TestEndpoint.clients();
        String audit = TestEndpoint.freshAuditTable();
        return new DynamoDbItemStateStore(clients.dynamoDbAsync(), audit);
    }

    @Test
    void advanceAndLoad_250Items_roundTripInBatchesAndConditionalUpdates() {
        DynamoDbItemStateStore store = freshStore();
        List<ItemState> states = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            states.add(state(i, 1000 + i, 1));
            keys.add("item-" + i);
        }
        keys.add("never-stored");

        assertEquals(Set.of(), store.advance("inventory", states));
        Map<String, ItemState> loaded = store.load("inventory", keys);

        assertEquals(250, loaded.size());
        assertEquals(states.get(137), loaded.get("item-137"));
        assertEquals(Map.of(), store.load("orders", List.of("item-1")));
    }

    @Test
    void advance_olderStateAmongNewer_isRefusedAndTheRestStored() {
        DynamoDbItemStateStore store = freshStore();
        store.advance("inventory", List.of(state(1, 5000, 7), state(2, 100, 1)));

        // 999 < 5000 as numbers though not as unpadded text: the stored sequence is padded to 40 digits.
        Set<String> refused = store.advance("inventory", List.of(state(1, 999, 3), state(2, 200, 2), state(3, 300, 1)));

        assertEquals(Set.of("item-1"), refused);
        Map<String, ItemState> loaded = store.load("inventory", List.of("item-1", "item-2", "item-3"));
        assertEquals(state(1, 5000, 7), loaded.get("item-1"));
        assertEquals(state(2, 200, 2), loaded.get("item-2"));
        assertEquals(state(3, 300, 1), loaded.get("item-3"));
    }

    /** A baseline taken anew replaces every state, also a newer one: the stale rows of a switch are gone. */
    @Test
    void replace_olderStateOverNewer_isStoredWhateverWasThere() {
        DynamoDbItemStateStore store = freshStore();
        store.advance("inventory", List.of(state(1, 5000, 7)));

        store.replace("inventory", List.of(state(1, 0, 3), state(2, 0, 1)));

        Map<String, ItemState> loaded = store.load("inventory", List.of("item-1", "item-2"));
        assertEquals(state(1, 0, 3), loaded.get("item-1"));
        assertEquals(state(2, 0, 1), loaded.get("item-2"));
        assertEquals(Set.of("item-1"), store.advance("inventory", List.of(state(1, 0, 4))));
    }
}
