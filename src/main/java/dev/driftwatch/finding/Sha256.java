package dev.driftwatch.finding;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 for ids and digests: one MessageDigest per thread, and the first 128 bits as 32 hex digits. */
public final class Sha256 {
    // MessageDigest.getInstance walks the security providers on every call; one digest per thread.
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    });

    private Sha256() {}

    /** This thread's digest, reset: feed it, then call {@link #first128Hex}. */
    public static MessageDigest digest() {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return digest;
    }

    public static String first128Hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
