package dev.driftwatch.updater.internal;

import dev.driftwatch.updater.UpdateOutcome;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * One shard of a sharded counter adjusted exactly once: the guarded adjustment as a transaction of one action under a
 * client request token drawn per call, so that the SDK sending it again after a lost answer cannot apply it twice (a
 * plain UpdateItem would; the transaction costs two write units instead of one). The shard must also still carry
 * the shard count the writer knows: a shard retired or re-spread by a reshard since is {@code Missing}, and the
 * writer reads the count again.
 */
public final class ShardAdjustOperation {
    private static final String SHARDS = "shards";
    private final UpdaterContext context;
    private final GuardedAdjustOperation adjust;

    public ShardAdjustOperation(UpdaterContext context) {
        this.context = context;
        this.adjust = new GuardedAdjustOperation(context);
    }

    public UpdateOutcome run(
            Map<String, AttributeValue> shardKey, String attribute, BigDecimal delta, BigDecimal floor, int shards) {
        String token = UUID.randomUUID().toString();
        UpdateItemRequest request =
                adjust.request(shardKey, attribute, delta, Optional.of(floor), AttributeValue.fromS(token + ":0"));
        Map<String, String> names = new HashMap<>(request.expressionAttributeNames());
        names.put("#shards", SHARDS);
        Map<String, AttributeValue> values = new HashMap<>(request.expressionAttributeValues());
        AttributeValue count = AttributeValue.fromN(Integer.toString(shards));
        values.put(":shards", count);
        TransactWriteItem item = TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(request.tableName())
                        .key(request.key())
                        .updateExpression(request.updateExpression())
                        .conditionExpression(request.conditionExpression() + " AND #shards = :shards")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(request.returnValuesOnConditionCheckFailure())
                        .build())
                .build();
        return TokenTransaction.run(context, List.of(item), token, new TokenTransaction.Outcomes<>() {
            @Override
            public UpdateOutcome committed(int attempt) {
                return new UpdateOutcome.Applied(shardKey, attempt);
            }

            @Override
            public Optional<UpdateOutcome> cancelled(TransactionCanceledException e, int attempt) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                CancellationReason reason = reasons.isEmpty() ? null : reasons.get(0);
                String code = reason == null || reason.code() == null ? "unknown" : reason.code();
                if (TokenTransaction.RETRYABLE.contains(code)) {
                    return Optional.empty();
                }
                if (!code.equals("ConditionalCheckFailed")) {
                    return Optional.of(new UpdateOutcome.Rejected(
                            code + ": " + (reason == null ? "" : reason.message()), attempt));
                }
                Map<String, AttributeValue> current = reason.hasItem() ? reason.item() : Map.of();
                if (current.isEmpty() || !count.equals(current.get(SHARDS))) {
                    return Optional.of(new UpdateOutcome.Missing(attempt)); // resharded meanwhile
                }
                if (UpdaterContext.number(current, attribute).isEmpty()) {
                    return Optional.of(new UpdateOutcome.Rejected(
                            "attribute '" + attribute + "' of " + context.render(shardKey)
                                    + " is missing or not a number",
                            attempt));
                }
                return Optional.of(new UpdateOutcome.Insufficient(current, attempt));
            }

            @Override
            public UpdateOutcome mismatch(int attempt) {
                return new UpdateOutcome.Rejected("the request token was used for another transaction", attempt);
            }

            @Override
            public UpdateOutcome exhausted(int attempts) {
                return new UpdateOutcome.Conflict(Optional.empty(), attempts);
            }
        });
    }
}
