package dev.driftwatch.finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The deterministic id of a finding: SHA-256 over (table, sequence number, rule id), 32 hex digits.
 * A record delivered twice yields the same id, which makes the audit put idempotent.
 */
public final class FindingId {
    private FindingId() {}

    public static String of(String table, String sequenceNumber, String ruleId) {
        MessageDigest digest = Sha256.digest();
        digest.update(table.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(sequenceNumber.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(ruleId.getBytes(StandardCharsets.UTF_8));
        return Sha256.first128Hex(digest);
    }
}
