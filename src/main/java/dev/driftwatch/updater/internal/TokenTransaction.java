package dev.driftwatch.updater.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * The retry loop of a TransactWriteItems under one client request token, for the transaction and
 * adjustOnce operations: every attempt sends the same items and token (so DynamoDB applies them at
 * most once), an attempt still in progress is asked again, and the caller decides what a cancellation
 * means. Counts requests and the attempts each operation took.
 */
final class TokenTransaction {
    /** Cancellation reasons worth another attempt: the transaction may commit when retried. */
    static final Set<String> RETRYABLE =
            Set.of("TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded");

    /** What the caller makes of each ending. */
    interface Outcomes<T> {
        T committed(int attempt);

        /** The outcome of a cancellation, or empty to try again. */
        Optional<T> cancelled(TransactionCanceledException e, int attempt);

        /** The token was used before with other items. */
        T mismatch(int attempt);

        /** Every attempt was cancelled retryably or found the token in progress. */
        T exhausted(int attempts);
    }

    private TokenTransaction() {}

    static <T> T run(UpdaterContext context, List<TransactWriteItem> items, String token, Outcomes<T> outcomes) {
        int max = context.retry().maxAttempts();
        for (int attempt = 1; attempt <= max; attempt++) {
            try {
                context.stats().recordRequest();
                context.dynamoDb()
                        .transactWriteItems(b -> b.transactItems(items).clientRequestToken(token));
                context.stats().recordOperation(attempt);
                return outcomes.committed(attempt);
            } catch (TransactionCanceledException e) {
                Optional<T> outcome = outcomes.cancelled(e, attempt);
                if (outcome.isPresent()) {
                    context.stats().recordOperation(attempt);
                    return outcome.get();
                }
            } catch (TransactionInProgressException e) {
                // An earlier attempt with this token is still being applied: wait and ask again.
            } catch (IdempotentParameterMismatchException e) {
                context.stats().recordOperation(attempt);
                return outcomes.mismatch(attempt);
            }
            if (attempt < max) {
                context.pause(attempt);
            }
        }
        context.stats().recordOperation(max);
        return outcomes.exhausted(max);
    }
}
