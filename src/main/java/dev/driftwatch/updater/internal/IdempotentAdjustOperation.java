package dev.driftwatch.updater.internal;

import dev.driftwatch.updater.UpdateOutcome;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * client request token drawn per call (kept across that call's attempts) makes the SDK's own retries of a lost
 * response succeed without applying twice; a second call with the same operation id (the caller's retry, now or
 * days later) finds the ledger entry and is reported {@code AlreadyApplied} when the entry records the same
 * attribute, delta and floor, {@code OperationIdReused} when it records others (an id used for two operations). The
 * token is not derived from the entry: DynamoDB would then answer a caller's retry within ten minutes with success,
 * indistinguishable from a first application. Entries are kept for
 * {@code ledgerRetention}, then removed by TTL on {@code expiresAt}. The item is stamped with the
 * operation id as its write id.
 */
public final class IdempotentAdjustOperation {
    public static final String LEDGER_KEY = "operation";
    private static final String ATTRIBUTE = "attribute";
    private static final String DELTA = "delta";
    private static final String FLOOR = "floor";
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
                TransactWriteItem.builder()
                        .put(ledgerPut(entry, attribute, delta, floor))
                        .build(),
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
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
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
                int recordedAt =
                        CONDITION_FAILED.equals(ledger) ? 0 : CONDITION_FAILED.equals(code(reasons, 2)) ? 2 : -1;
                if (recordedAt >= 0) {
                    Map<String, AttributeValue> recorded =
                            reasons.get(recordedAt).hasItem()
                                    ? reasons.get(recordedAt).item()
                                    : Map.of();
                    return Optional.of(difference(recorded, attribute, delta, floor)
                            .<UpdateOutcome>map(d -> new UpdateOutcome.OperationIdReused(operationId, d, attempt))
                            .orElseGet(() -> new UpdateOutcome.AlreadyApplied(operationId, attempt)));
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

    private Put ledgerPut(String entry, String attribute, BigDecimal delta, Optional<BigDecimal> floor) {
        long now = clock.instant().getEpochSecond();
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                LEDGER_KEY,
                AttributeValue.fromS(entry),
                ATTRIBUTE,
                AttributeValue.fromS(attribute),
                DELTA,
                AttributeValue.fromN(delta.toPlainString()),
                "writer",
                AttributeValue.fromS(context.writer()),
                "appliedAt",
                AttributeValue.fromN(Long.toString(now)),
                "expiresAt",
                AttributeValue.fromN(Long.toString(now + ledgerRetention.toSeconds()))));
        floor.ifPresent(f -> item.put(FLOOR, AttributeValue.fromN(f.toPlainString())));
        return Put.builder()
                .tableName(ledgerTable)
                .item(item)
                .conditionExpression("attribute_not_exists(#op)")
                .expressionAttributeNames(Map.of("#op", LEDGER_KEY))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /**
     * What differs between the recorded entry and this call, if anything. Entries written before the attribute and
     * floor were recorded hold the delta alone: only it is compared. Numbers compare by value (-1 and -1.0 are one).
     */
    static Optional<String> difference(
            Map<String, AttributeValue> recorded, String attribute, BigDecimal delta, Optional<BigDecimal> floor) {
        Optional<BigDecimal> recordedDelta = UpdaterContext.number(recorded, DELTA);
        boolean full = recorded.containsKey(ATTRIBUTE);
        Optional<BigDecimal> recordedFloor = UpdaterContext.number(recorded, FLOOR);
        boolean same = recordedDelta.map(d -> d.compareTo(delta) == 0).orElse(true)
                && (!full
                        || (recorded.get(ATTRIBUTE).s() != null
                                && recorded.get(ATTRIBUTE).s().equals(attribute)
                                && recordedFloor.isPresent() == floor.isPresent()
                                && recordedFloor
                                        .map(f -> f.compareTo(floor.get()) == 0)
                                        .orElse(true)));
        if (same) {
            return Optional.empty();
        }
        String was = full
                ? describe(recorded.get(ATTRIBUTE).s(), recordedDelta, recordedFloor)
                : recordedDelta.map(BigDecimal::toPlainString).orElse("(no delta)");
        return Optional.of("recorded " + was + ", this call " + describe(attribute, Optional.of(delta), floor));
    }

    private static String describe(String attribute, Optional<BigDecimal> delta, Optional<BigDecimal> floor) {
        return attribute + " " + delta.map(BigDecimal::toPlainString).orElse("(no delta)") + " "
                + floor.map(f -> "(floor " + f.toPlainString() + ")").orElse("(no floor)");
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
