package dev.driftwatch.record;

/** Who made a change, when the stream says: for TTL deletions {@code Service / dynamodb.amazonaws.com}. */
public record UserIdentity(String type, String principalId) {
    private static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    public boolean isTimeToLive() {
        return "Service".equals(type) && TTL_PRINCIPAL.equals(principalId);
    }
}
