package dev.driftwatch.updater.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Tells whether a write whose response was lost landed. When a response is lost the SDK sends the same request again;
 * if the first send landed, the second fails its condition and the updater, seeing a conflict, would apply the change
 * a second time. So every versioned put keeps, in the item, the last {@link #DEPTH} versions and who wrote them
 * ({@code <version>:<first 13 characters of the write id>}, about 20 bytes each); a conflict after the SDK retried
 * is looked up there. A conflict on the first send needs no look-up: nothing of ours can have landed.
 */
final class WriteHistory {
    static final int DEPTH = 8;
    private static final int SHORT_ID = 13;

    enum Landed {
        YES,
        NO,
        UNKNOWN
    }

    private WriteHistory() {}

    /** The name of the history attribute beside the write id. */
    static String attribute(UpdaterContext context) {
        return context.stamps().writeId() + "History";
    }

    /**
     * True when an earlier attempt of this request may have landed: the SDK retried it after a failure that is not a
     * refusal. The SDK attaches each earlier attempt's failure to the last one as a suppressed {@code "Request attempt
     * N failure: …"} exception; one with an HTTP 4xx status (throttling, a validation error) was refused before
     * DynamoDB did anything, while a lost connection, a timeout or a 5xx may hide a write that landed. When the record
     * is incomplete, the answer is yes.
     */
    static boolean resent(SdkException e) {
        Integer attempts = e.numAttempts();
        if (attempts == null) {
            return true;
        }
        if (attempts <= 1) {
            return false;
        }
        List<String> earlier = new ArrayList<>();
        for (Throwable suppressed : e.getSuppressed()) {
            String message = suppressed.getMessage();
            if (message != null && message.startsWith("Request attempt ")) {
                earlier.add(message);
            }
        }
        return earlier.size() < attempts - 1
                || earlier.stream()
                        .anyMatch(message -> !REFUSED.matcher(message).find());
    }

    /** An attempt DynamoDB answered with a client error: nothing was written. */
    private static final java.util.regex.Pattern REFUSED = java.util.regex.Pattern.compile("Status Code: 4\\d\\d\\b");

    /** The history the next version carries: the current one and the current write appended, the oldest dropped. */
    static Optional<AttributeValue> next(UpdaterContext context, Optional<Map<String, AttributeValue>> current) {
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = current.get();
        List<AttributeValue> entries = new ArrayList<>(entries(context, item));
        Optional<BigDecimal> version =
                UpdaterContext.number(item, context.stamps().version());
        AttributeValue writeId = item.get(context.stamps().writeId());
        if (version.isPresent() && writeId != null && writeId.s() != null) {
            entries.add(AttributeValue.fromS(entry(version.get(), writeId.s())));
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AttributeValue.fromL(entries.subList(Math.max(0, entries.size() - DEPTH), entries.size())));
    }

    /**
     * Whether our write, {@code writeId} at {@code version}, landed, judged from the item a failed condition returned:
     * yes when the item is ours or remembers ours at that version, no when it shows another write at that version,
     * unknown when it remembers no write at that version (too many since, or the item is gone).
     */
    static Landed landed(
            UpdaterContext context, Optional<Map<String, AttributeValue>> seen, String writeId, BigDecimal version) {
        if (seen.isEmpty()) {
            return Landed.UNKNOWN;
        }
        Map<String, AttributeValue> item = seen.get();
        AttributeValue current = item.get(context.stamps().writeId());
        if (current != null && writeId.equals(current.s())) {
            return Landed.YES;
        }
        Optional<BigDecimal> currentVersion =
                UpdaterContext.number(item, context.stamps().version());
        if (currentVersion.isPresent() && currentVersion.get().compareTo(version) == 0) {
            return Landed.NO;
        }
        String prefix = version.toPlainString() + ":";
        List<String> atVersion = entries(context, item).stream()
                .map(AttributeValue::s)
                .filter(entry -> entry != null && entry.startsWith(prefix))
                .toList();
        if (atVersion.size() != 1) {
            // None (too many writes since), or several: a history not written by this updater cannot be trusted.
            return Landed.UNKNOWN;
        }
        return atVersion.get(0).equals(entry(version, writeId)) ? Landed.YES : Landed.NO;
    }

    private static String entry(BigDecimal version, String writeId) {
        return version.toPlainString() + ":" + writeId.substring(0, Math.min(SHORT_ID, writeId.length()));
    }

    private static List<AttributeValue> entries(UpdaterContext context, Map<String, AttributeValue> item) {
        AttributeValue history = item.get(attribute(context));
        return history == null || !history.hasL() ? List.of() : history.l();
    }
}
