package dev.driftwatch.updater;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a conditional write did. Expected results (a lost race, too little stock, no such item) are
 * outcomes, never exceptions; throttling and server errors stay with the SDK's retry strategy and
 * surface as SDK exceptions only when it gives up.
 */
public sealed interface UpdateOutcome {
    /** Attempts made, including the successful one. */
    int attempts();

    default boolean isApplied() {
        return this instanceof Applied;
    }

    /** The write landed; {@code item} is the item as written (for deletes: as it was before). */
    record Applied(Map<String, AttributeValue> item, int attempts) implements UpdateOutcome {
        public Applied {
            item = Map.copyOf(item);
        }
    }

    /** Every attempt lost a race with another writer; {@code current} is the item as last seen. */
    record Conflict(Optional<Map<String, AttributeValue>> current, int attempts) implements UpdateOutcome {}

    /** A guarded adjustment would have taken the attribute below its floor; nothing was written. */
    record Insufficient(Map<String, AttributeValue> current, int attempts) implements UpdateOutcome {
        public Insufficient {
            current = Map.copyOf(current);
        }
    }

    /**
     * An idempotent adjustment whose operation id was applied before (a retry of a call that landed):
     * nothing was written this time.
     */
    record AlreadyApplied(String operationId, int attempts) implements UpdateOutcome {}

    /**
     * An idempotent adjustment whose operation id was applied before with other parameters (another attribute, delta
     * or floor): not a retry but an id used twice, a caller's bug. Nothing was written; {@code difference} says what
     * was recorded and what this call asked.
     */
    record OperationIdReused(String operationId, String difference, int attempts) implements UpdateOutcome {}

    /**
     * A response was lost and the SDK sent the write again, which found the item changed: whether the first send
     * landed cannot be told from what the item keeps (more writes landed since than it remembers, or the item is
     * gone). Nothing more was written; {@code current} is the item as last seen. Read it before deciding to write
     * again: a blind retry could apply the change twice.
     */
    record Indeterminate(Optional<Map<String, AttributeValue>> current, int attempts) implements UpdateOutcome {}

    /** The item does not exist (adjust, delete, or an update whose change declines to create it). */
    record Missing(int attempts) implements UpdateOutcome {}

    /** The request was refused before or by DynamoDB for a reason retrying cannot fix. */
    record Rejected(String reason, int attempts) implements UpdateOutcome {}
}
