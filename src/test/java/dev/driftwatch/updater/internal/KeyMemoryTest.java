package dev.driftwatch.updater.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class KeyMemoryTest {
    private static final Map<String, AttributeValue> ITEM = Map.of("sku", AttributeValue.fromS("A"));

    @Test
    void heat_conflictsAndSuccesses_growsByOneHalvesPerSuccess() {
        KeyMemory memory = new KeyMemory(10);
        for (int i = 0; i < 5; i++) {
            memory.conflict("A");
        }
        assertEquals(5, memory.heat("A"));
        memory.success("A");
        assertEquals(2, memory.heat("A"));
        assertEquals(0, memory.heat("B"));
    }

    @Test
    void heat_manyConflicts_cappedAtSixteenDoublings() {
        KeyMemory memory = new KeyMemory(10);
        for (int i = 0; i < 100; i++) {
            memory.conflict("A");
        }
        assertEquals(16, memory.heat("A"));
    }

    @Test
    void seen_moreKeysThanTheBound_forgetsTheLeastRecent() {
        KeyMemory memory = new KeyMemory(2);
        memory.seen("A", Optional.of(ITEM));
        memory.seen("B", Optional.of(ITEM));
        memory.item("A");
        memory.seen("C", Optional.of(ITEM));
        assertTrue(memory.item("A").isPresent());
        assertTrue(memory.item("B").isEmpty());
        assertTrue(memory.item("C").isPresent());
    }

    @Test
    void seen_itemLargerThanTheBound_notRemembered() {
        KeyMemory memory = new KeyMemory(2);
        memory.seen("A", Optional.of(Map.of("blob", AttributeValue.fromS("x".repeat(KeyMemory.MAX_ITEM_BYTES)))));
        assertTrue(memory.item("A").isEmpty());
    }

    @Test
    void memory_zeroKeys_remembersNothing() {
        KeyMemory memory = new KeyMemory(0);
        memory.seen("A", Optional.of(ITEM));
        memory.conflict("A");
        assertTrue(memory.item("A").isEmpty());
        assertEquals(0, memory.heat("A"));
    }

    @Test
    void seen_itemWithANullValue_rememberedWithoutItAndNoThrow() {
        KeyMemory memory = new KeyMemory(10);
        java.util.Map<String, AttributeValue> item = new java.util.HashMap<>(ITEM);
        item.put("note", null);
        memory.seen("A", Optional.of(item));
        assertEquals(Optional.of(ITEM), memory.item("A"));
    }
}
