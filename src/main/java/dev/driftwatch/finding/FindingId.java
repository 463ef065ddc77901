package dev.driftwatch.finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The deterministic id of a finding: SHA-256 over (table, sequence number, rule id), 32 hex digits.
 * A record delivered twice yields the same id, which makes the audit put idempotent.
 */
public final class FindingId {
    private FindingId() {}

    public static String of(String table, String sequenceNumber, String ruleId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(table.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(sequenceNumber.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(ruleId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
