package dev.driftwatch.updater.internal;

import dev.driftwatch.updater.UpdateOutcome;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * An atomic adjustment in one UpdateItem, no read: {@code SET q = q + :d} with the version bumped and
 * the write stamped, on the condition that the item exists and the result stays at or above the floor.
 * The item returned with a failed condition tells "insufficient" from "missing".
 */
public final class GuardedAdjustOperation {
    private final UpdaterContext context;

    public GuardedAdjustOperation(UpdaterContext context) {
        this.context = context;
    }

    public UpdateOutcome run(
            Map<String, AttributeValue> key, String attribute, BigDecimal delta, Optional<BigDecimal> floor) {
        Map<String, AttributeValue> itemKey = context.keyOf(key);
        AttributeValue writeId = context.newWriteId();
        UpdateItemRequest request = request(itemKey, attribute, delta, floor, writeId);
        context.stats().recordRequest();
        try {
            var response = context.dynamoDb().updateItem(request);
            context.stats().recordOperation(1);
            context.memory().seen(context.renderEscaped(itemKey), Optional.of(response.attributes()));
            return new UpdateOutcome.Applied(response.attributes(), 1);
        } catch (ConditionalCheckFailedException e) {
            context.stats().recordOperation(1);
            if (WriteHistory.resent(e)) {
                // Sent again after a lost answer: an item still carrying our write id is our first send, landed;
                // one carrying another may or may not have ours underneath.
                Optional<Map<String, AttributeValue>> seen =
                        e.hasItem() && !e.item().isEmpty() ? Optional.of(e.item()) : Optional.empty();
                if (seen.isPresent()
                        && writeId.equals(seen.get().get(context.stamps().writeId()))) {
                    return new UpdateOutcome.Applied(seen.get(), 1);
                }
                return new UpdateOutcome.Indeterminate(seen, 1);
            }
            if (!e.hasItem() || e.item().isEmpty()) {
                return new UpdateOutcome.Missing(1);
            }
            if (UpdaterContext.number(e.item(), attribute).isEmpty()) {
                return new UpdateOutcome.Rejected(
                        "attribute '" + attribute + "' of " + context.render(itemKey) + " is missing or not a number",
                        1);
            }
            return new UpdateOutcome.Insufficient(e.item(), 1);
        }
    }

    /** The same update as one action of a transaction, returning the item when its condition fails. */
    public Update transactionUpdate(
            Map<String, AttributeValue> itemKey,
            String attribute,
            BigDecimal delta,
            Optional<BigDecimal> floor,
            AttributeValue writeId) {
        UpdateItemRequest request = request(itemKey, attribute, delta, floor, writeId);
        return Update.builder()
                .tableName(request.tableName())
                .key(request.key())
                .updateExpression(request.updateExpression())
                .conditionExpression(request.conditionExpression())
                .expressionAttributeNames(request.expressionAttributeNames())
                .expressionAttributeValues(request.expressionAttributeValues())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** The request, public for transactions that embed the same update with their own write ids. */
    public UpdateItemRequest request(
            Map<String, AttributeValue> itemKey,
            String attribute,
            BigDecimal delta,
            Optional<BigDecimal> floor,
            AttributeValue writeId) {
        var names = context.stamps();
        Map<String, String> attributeNames = new HashMap<>(Map.of(
                "#pk",
                context.partitionKey(),
                "#q",
                attribute,
                "#v",
                names.version(),
                "#wid",
                names.writeId(),
                "#w",
                names.writer()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":d", AttributeValue.fromN(delta.toPlainString()),
                ":one", AttributeValue.fromN("1"),
                ":zero", AttributeValue.fromN("0"),
                ":wid", writeId,
                ":w", AttributeValue.fromS(context.writer())));
        String update = "SET #q = #q + :d, #v = if_not_exists(#v, :zero) + :one, #wid = :wid, #w = :w";
        if (attribute.equals(names.quantity())) {
            attributeNames.put("#delta", names.delta());
            update += ", #delta = :d";
        }
        String condition = "attribute_exists(#pk)";
        if (floor.isPresent()) {
            values.put(":need", AttributeValue.fromN(floor.get().subtract(delta).toPlainString()));
            condition += " AND #q >= :need";
        }
        return UpdateItemRequest.builder()
                .tableName(context.table())
                .key(itemKey)
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(attributeNames)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }
}
