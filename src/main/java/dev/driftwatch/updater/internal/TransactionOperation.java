package dev.driftwatch.updater.internal;

import dev.driftwatch.updater.Transaction;
import dev.driftwatch.updater.TransactionOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * One TransactWriteItems with a client request token kept across attempts. Cancellations are decoded
 * per action; only conflicts with other transactions (and throttling) are retried.
 */
public final class TransactionOperation {
    private static final ReturnValuesOnConditionCheckFailure ALL_OLD = ReturnValuesOnConditionCheckFailure.ALL_OLD;
    private static final String AT_VERSION = "#v = :expected";

    private final UpdaterContext context;
    private final GuardedAdjustOperation adjust;

    public TransactionOperation(UpdaterContext context) {
        this.context = context;
        this.adjust = new GuardedAdjustOperation(context);
    }

    public TransactionOutcome run(Transaction transaction) {
        String token = transaction.token().orElseGet(() -> UUID.randomUUID().toString());
        List<TransactWriteItem> items = new ArrayList<>();
        // Write ids derive from the token: a retry of the same transaction sends identical
        // parameters, which DynamoDB requires of a repeated client request token.
        for (int i = 0; i < transaction.actions().size(); i++) {
            items.add(item(transaction.actions().get(i), AttributeValue.fromS(token + ":" + i)));
        }
        return TokenTransaction.run(context, items, token, new TokenTransaction.Outcomes<>() {
            @Override
            public TransactionOutcome committed(int attempt) {
                for (Transaction.Action action : transaction.actions()) {
                    if (!(action instanceof Transaction.VersionCheck)) {
                        context.memory().seen(context.renderEscaped(context.keyOf(action.key())), Optional.empty());
                    }
                }
                return new TransactionOutcome.Committed(token, attempt);
            }

            @Override
            public Optional<TransactionOutcome> cancelled(TransactionCanceledException e, int attempt) {
                List<TransactionOutcome.ActionFailure> failures = failures(transaction, e);
                boolean retryable = !failures.isEmpty()
                        && failures.stream().allMatch(f -> TokenTransaction.RETRYABLE.contains(f.code()));
                if (retryable) {
                    return Optional.empty();
                }
                failures.stream()
                        .filter(f -> f.code().equals("ConditionalCheckFailed"))
                        .forEach(f -> context.stats().recordConflict(context.render(context.keyOf(f.key()))));
                return Optional.of(new TransactionOutcome.Cancelled(failures, attempt));
            }

            @Override
            public TransactionOutcome mismatch(int attempt) {
                return new TransactionOutcome.Rejected(
                        "token " + token + " was used for a different transaction", attempt);
            }

            @Override
            public TransactionOutcome exhausted(int attempts) {
                return new TransactionOutcome.Conflict(attempts);
            }
        });
    }

    private List<TransactionOutcome.ActionFailure> failures(Transaction transaction, TransactionCanceledException e) {
        List<TransactionOutcome.ActionFailure> failures = new ArrayList<>();
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        for (int i = 0; i < reasons.size() && i < transaction.actions().size(); i++) {
            CancellationReason reason = reasons.get(i);
            if (reason.code() == null || reason.code().equals("None")) {
                continue;
            }
            Optional<Map<String, AttributeValue>> current =
                    reason.hasItem() && !reason.item().isEmpty() ? Optional.of(reason.item()) : Optional.empty();
            failures.add(new TransactionOutcome.ActionFailure(
                    i,
                    context.keyOf(transaction.actions().get(i).key()),
                    reason.code(),
                    reason.message() == null ? reason.code() : reason.message(),
                    current));
        }
        return failures;
    }

    private TransactWriteItem item(Transaction.Action action, AttributeValue writeId) {
        if (action instanceof Transaction.Put put) {
            return TransactWriteItem.builder().put(put(put, writeId)).build();
        }
        if (action instanceof Transaction.Adjust a) {
            return TransactWriteItem.builder()
                    .update(adjust.transactionUpdate(
                            context.keyOf(a.key()), a.attribute(), a.delta(), a.floor(), writeId))
                    .build();
        }
        if (action instanceof Transaction.Delete d) {
            return TransactWriteItem.builder()
                    .delete(Delete.builder()
                            .tableName(context.table())
                            .key(context.keyOf(d.key()))
                            .conditionExpression(AT_VERSION)
                            .expressionAttributeNames(versionName())
                            .expressionAttributeValues(expected(d.expectedVersion()))
                            .returnValuesOnConditionCheckFailure(ALL_OLD)
                            .build())
                    .build();
        }
        Transaction.VersionCheck c = (Transaction.VersionCheck) action;
        return TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder()
                        .tableName(context.table())
                        .key(context.keyOf(c.key()))
                        .conditionExpression(AT_VERSION)
                        .expressionAttributeNames(versionName())
                        .expressionAttributeValues(expected(c.expectedVersion()))
                        .returnValuesOnConditionCheckFailure(ALL_OLD)
                        .build())
                .build();
    }

    private Put put(Transaction.Put put, AttributeValue writeId) {
        var names = context.stamps();
        Map<String, AttributeValue> next = new HashMap<>(put.item());
        long version = put.expectedVersion().map(v -> v + 1).orElse(context.initialVersion());
        next.put(names.version(), AttributeValue.fromN(Long.toString(version)));
        next.put(names.writeId(), writeId);
        next.put(names.writer(), AttributeValue.fromS(context.writer()));
        next.remove(names.delta());
        // A history copied from the caller's read would be stale (it lacks the version being replaced): drop it, so a
        // later look-up says it cannot tell rather than trust it.
        next.remove(WriteHistory.attribute(context));
        Put.Builder builder =
                Put.builder().tableName(context.table()).item(next).returnValuesOnConditionCheckFailure(ALL_OLD);
        if (put.expectedVersion().isPresent()) {
            return builder.conditionExpression(AT_VERSION)
                    .expressionAttributeNames(versionName())
                    .expressionAttributeValues(expected(put.expectedVersion().get()))
                    .build();
        }
        return builder.conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", context.partitionKey()))
                .build();
    }

    private Map<String, String> versionName() {
        return Map.of("#v", context.stamps().version());
    }

    private static Map<String, AttributeValue> expected(long version) {
        return Map.of(":expected", AttributeValue.fromN(Long.toString(version)));
    }
}
