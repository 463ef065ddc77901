package dev.driftwatch.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Issue 16 item 6: two different items never render to one key. */
class ItemKeysTest {
    private static String render(String partition, String sort) {
        return ItemKeys.render(
                Map.of("pk", AttributeValue.fromS(partition), "sk", AttributeValue.fromS(sort)),
                "pk",
                Optional.of("sk"));
    }

    @Test
    void render_barInPartitionOrSortValue_twoItemsTwoKeys() {
        assertNotEquals(render("a|b", "c"), render("a", "b|c"));
    }

    @Test
    void render_backslashBeforeBar_twoItemsTwoKeys() {
        assertNotEquals(render("a\\", "b"), render("a", "\\b"));
        assertNotEquals(render("a\\|b", "c"), render("a\\", "b|c"));
    }

    @Test
    void render_plainValues_sameAsBefore() {
        assertEquals("sku-1|2026-11-30", render("sku-1", "2026-11-30"));
        assertEquals(
                "a|b",
                ItemKeys.render(Map.of("pk", AttributeValue.fromS("a|b")), "pk", Optional.empty()),
                "a partition key alone is one component: nothing to escape");
    }

    @Test
    void legacyForm_escapedKey_joinsTheRawValues() {
        String rendered = render("a|b", "c\\d");
        assertEquals(Optional.of("a|b|c\\d"), ItemKeys.legacyForm(rendered));
        assertEquals(Optional.empty(), ItemKeys.legacyForm(render("a", "b")));
    }
}
