package dev.driftwatch.updater;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What a transaction did: committed, cancelled with a reason per failing action, or gave up. */
public sealed interface TransactionOutcome {
    int attempts();

    /** Every action applied; {@code token} is the client request token that was used. */
    record Committed(String token, int attempts) implements TransactionOutcome {}

    /** DynamoDB cancelled the transaction for reasons a retry cannot fix; nothing was applied. */
    record Cancelled(List<ActionFailure> failures, int attempts) implements TransactionOutcome {
        public Cancelled {
            failures = List.copyOf(failures);
        }
    }

    /** Every attempt collided with another transaction on the same items. */
    record Conflict(int attempts) implements TransactionOutcome {}

    /** Refused for a reason no retry fixes (the same token reused for another transaction, a validation error). */
    record Rejected(String reason, int attempts) implements TransactionOutcome {}

    /**
     * Why one action failed.
     *
     * @param index the action's position in the transaction
     * @param code DynamoDB's cancellation code, e.g. {@code ConditionalCheckFailed}
     * @param current the item as it was, when DynamoDB returned it
     */
    record ActionFailure(
            int index,
            Map<String, AttributeValue> key,
            String code,
            String message,
            Optional<Map<String, AttributeValue>> current) {}
}
