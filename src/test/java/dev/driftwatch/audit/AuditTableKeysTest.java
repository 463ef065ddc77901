package dev.driftwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuditTableKeysTest {
    @Test
    void bounded_keyWithinTheLimit_asIs() {
        assertEquals("inventory#sku-1", AuditTable.bounded("inventory#sku-1", 2048));
    }

    @Test
    void bounded_keyPastTheLimit_prefixAndDigestWithinIt() {
        String key = "inventory#" + "é".repeat(2000);
        String bounded = AuditTable.bounded(key, 2048);
        assertTrue(bounded.getBytes(StandardCharsets.UTF_8).length <= 2048, bounded);
        assertTrue(bounded.contains("~sha256:"), bounded);
        assertNotEquals(bounded, AuditTable.bounded(key + "x", 2048));
    }

    /** A short key cannot pose as a long key's digest form: one that carries the mark is digested itself. */
    @Test
    void bounded_shortKeyEqualToALongKeysDigestForm_stillDistinct() {
        String longKey = "t#" + "k".repeat(3000);
        String forged = AuditTable.bounded(longKey, 2048);
        assertNotEquals(forged, AuditTable.bounded(forged, 2048));
    }
}
