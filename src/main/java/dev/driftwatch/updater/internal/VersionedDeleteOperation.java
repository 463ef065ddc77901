package dev.driftwatch.updater.internal;

import dev.driftwatch.updater.UpdateOutcome;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/** Deletes an item only at the version the caller saw (the Enhanced Client ignores versions on deletes). */
public final class VersionedDeleteOperation {
    private final UpdaterContext context;

    public VersionedDeleteOperation(UpdaterContext context) {
        this.context = context;
    }

    public UpdateOutcome run(Map<String, AttributeValue> key, long expectedVersion) {
        Map<String, AttributeValue> itemKey = context.keyOf(key);
        context.stats().recordRequest();
        try {
            var response = context.dynamoDb()
                    .deleteItem(DeleteItemRequest.builder()
                            .tableName(context.table())
                            .key(itemKey)
                            .conditionExpression("#v = :expected")
                            .expressionAttributeNames(
                                    Map.of("#v", context.stamps().version()))
                            .expressionAttributeValues(
                                    Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion))))
                            .returnValues(ReturnValue.ALL_OLD)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build());
            context.stats().recordOperation(1);
            context.memory().seen(context.renderEscaped(itemKey), Optional.empty());
            return new UpdateOutcome.Applied(response.attributes(), 1);
        } catch (ConditionalCheckFailedException e) {
            context.stats().recordOperation(1);
            if (WriteHistory.resent(e)) {
                // Sent again after a lost answer: the first send may have deleted the item (and another writer
                // created it again since); a deleted item keeps no history to ask.
                context.memory().seen(context.renderEscaped(itemKey), Optional.empty());
                return new UpdateOutcome.Indeterminate(
                        e.hasItem() && !e.item().isEmpty() ? Optional.of(e.item()) : Optional.empty(), 1);
            }
            if (!e.hasItem() || e.item().isEmpty()) {
                return new UpdateOutcome.Missing(1);
            }
            context.stats().recordConflict(context.render(itemKey));
            return new UpdateOutcome.Conflict(Optional.of(e.item()), 1);
        }
    }
}
