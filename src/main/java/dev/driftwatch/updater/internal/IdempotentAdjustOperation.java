package dev.driftwatch.updater.internal;

import dev.driftwatch.updater.UpdateOutcome;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A guarded adjustment applied at most once per operation id: one TransactWriteItems that puts a
 * ledger entry {@code <table>#<item key>#<operation id>} (only if absent) and adjusts the item. In the
 * entry, {@code \}, {@code |} and {@code #} inside key values and the operation id are escaped with a
 * backslash, so that no two operations share an entry; where that changes an entry from its form before
 * escaping, the transaction also checks that the old form is absent, so an operation recorded then is
 * still found. A
 * client request token drawn per call makes the SDK's own retries of a lost response succeed without
 * applying twice; a second call with the same operation id (the caller's retry, now or days later)
 * finds the ledger entry and is reported {@code AlreadyApplied}. Entries are kept for
 * {@code ledgerRetention}, then removed by TTL on {@code expiresAt}. The item is stamped with the
 * operation id as its write id.
 */
public final class IdempotentAdjustOperation {
    public static final String LEDGER_KEY = "operation";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final UpdaterContext context;
    private final GuardedAdjustOperation adjust;
    private final String ledgerTable;
    private final Duration ledgerRetention;
    private final Clock clock;

    public IdempotentAdjustOperation(
            UpdaterContext context, String ledgerTable, Duration ledgerRetention, Clock clock) {
        this.context = context;
        this.adjust = new GuardedAdjustOperation(context);
        this.ledgerTable = ledgerTable;
        this.ledgerRetention = ledgerRetention;
        this.clock = clock;
    }

    public UpdateOutcome run(
            String operationId,
            Map<String, AttributeValue> key,
            String attribute,
            BigDecimal delta,
            Optional<BigDecimal> floor) {
        if (operationId == null || operationId.isBlank()) {
            throw new IllegalArgumentException("operationId must not be blank");
        }
        Map<String, AttributeValue> itemKey = context.keyOf(key);
        String entry = context.table() + "#" + context.renderEscaped(itemKey) + "#" + escape(operationId);
        String legacyEntry = context.table() + "#" + context.render(itemKey) + "#" + operationId;
        String token = UUID.randomUUID().toString();
        List<TransactWriteItem> items = new ArrayList<>(List.of(
                TransactWriteItem.builder().put(ledgerPut(entry, delta)).build(),
                TransactWriteItem.builder()
                        .update(adjust.transactionUpdate(
                                itemKey, attribute, delta, floor, AttributeValue.fromS(operationId)))
                        .build()));
        if (!legacyEntry.equals(entry)) {
            items.add(TransactWriteItem.builder()
                    .conditionCheck(ConditionCheck.builder()
                            .tableName(ledgerTable)
                            .key(Map.of(LEDGER_KEY, AttributeValue.fromS(legacyEntry)))
                            .conditionExpression("attribute_not_exists(#op)")
                            .expressionAttributeNames(Map.of("#op", LEDGER_KEY))
                            .build())
                    .build());
        }
        return TokenTransaction.run(context, items, token, new TokenTransaction.Outcomes<>() {
            @Override
            public UpdateOutcome committed(int attempt) {
                return new UpdateOutcome.Applied(itemKey, attempt);
            }

            @Override
            public Optional<UpdateOutcome> cancelled(TransactionCanceledException e, int attempt) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                String ledger = code(reasons, 0);
                String item = code(reasons, 1);
                if (CONDITION_FAILED.equals(ledger) || CONDITION_FAILED.equals(code(reasons, 2))) {
                    return Optional.of(new UpdateOutcome.AlreadyApplied(operationId, attempt));
                }
                if (CONDITION_FAILED.equals(item)) {
                    return Optional.of(itemRefused(itemKey, attribute, reasons.get(1), attempt));
                }
                if (!TokenTransaction.RETRYABLE.contains(ledger) && !TokenTransaction.RETRYABLE.contains(item)) {
                    return Optional.of(
                            new UpdateOutcome.Rejected("transaction cancelled: " + ledger + ", " + item, attempt));
                }
                context.stats().recordConflict(context.render(itemKey));
                return Optional.empty();
            }

            @Override
            public UpdateOutcome mismatch(int attempt) {
                return new UpdateOutcome.Rejected(
                        "operation " + operationId + " was used with other parameters", attempt);
            }

            @Override
            public UpdateOutcome exhausted(int attempts) {
                return new UpdateOutcome.Conflict(Optional.empty(), attempts);
            }
        });
    }

    private UpdateOutcome itemRefused(
            Map<String, AttributeValue> itemKey, String attribute, CancellationReason reason, int attempt) {
        if (!reason.hasItem() || reason.item().isEmpty()) {
            return new UpdateOutcome.Missing(attempt);
        }
        if (UpdaterContext.number(reason.item(), attribute).isEmpty()) {
            return new UpdateOutcome.Rejected(
                    "attribute '" + attribute + "' of " + context.render(itemKey) + " is missing or not a number",
                    attempt);
        }
        return new UpdateOutcome.Insufficient(reason.item(), attempt);
    }

    private Put ledgerPut(String entry, BigDecimal delta) {
        long now = clock.instant().getEpochSecond();
        return Put.builder()
                .tableName(ledgerTable)
                .item(Map.of(
                        LEDGER_KEY,
                        AttributeValue.fromS(entry),
                        "delta",
                        AttributeValue.fromN(delta.toPlainString()),
                        "writer",
                        AttributeValue.fromS(context.writer()),
                        "appliedAt",
                        AttributeValue.fromN(Long.toString(now)),
                        "expiresAt",
                        AttributeValue.fromN(Long.toString(now + ledgerRetention.toSeconds()))))
                .conditionExpression("attribute_not_exists(#op)")
                .expressionAttributeNames(Map.of("#op", LEDGER_KEY))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE)
                .build();
    }

    /** A backslash before each backslash, {@code |} and {@code #}: the separators of the entry. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '|' || c == '#') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static String code(List<CancellationReason> reasons, int index) {
        return index < reasons.size() && reasons.get(index).code() != null
                ? reasons.get(index).code()
                : "None";
    }
}
