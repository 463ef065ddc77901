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
    // MessageDigest.getInstance walks the security providers on every call; one digest per thread.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    });

    private FindingId() {}

    public static String of(String table, String sequenceNumber, String ruleId) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        digest.update(table.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(sequenceNumber.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(ruleId.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
