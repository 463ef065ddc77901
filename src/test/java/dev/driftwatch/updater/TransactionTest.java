package dev.driftwatch.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TransactionTest {
    private static Map<String, AttributeValue> key(int i) {
        return Map.of("sku", AttributeValue.fromS("item-" + i));
    }

    @Test
    void build_hundredActions_accepted() {
        Transaction.Builder builder = Transaction.builder();
        for (int i = 0; i < 100; i++) {
            builder.check(key(i), 1);
        }
        assertEquals(100, builder.build().actions().size());
    }

    @Test
    void build_hundredAndOneActions_rejectedWithCount() {
        Transaction.Builder builder = Transaction.builder();
        for (int i = 0; i < 101; i++) {
            builder.check(key(i), 1);
        }
        assertEquals(
                "a transaction holds at most 100 actions, got: 101",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void build_noActions_rejected() {
        assertEquals(
                "a transaction needs at least one action",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Transaction.builder().build())
                        .getMessage());
    }

    @Test
    void token_tooLong_rejected() {
        assertThrows(IllegalArgumentException.class, () -> Transaction.builder().token("x".repeat(37)));
    }
}
