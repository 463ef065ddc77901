package dev.driftwatch.updater.internal;

import dev.driftwatch.updater.UpdateOutcome;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Optimistic locking: read once (consistent), apply the change, put with a condition on the version
 * read. On a conflict the current item comes back with the failure (ALL_OLD), so the retry needs no
 * second read. A missing item is created only when the change function, given the key alone, returns an
 * item; an item that existed and was deleted while the update ran is {@code Missing}, never created again
 * from the key.
 */
public final class VersionedUpdateOperation {
    /** Conflicts in a row after which a call takes its key's turn among this updater's threads ({@link KeyTurns}). */
    static final int TURN_AFTER = 8;

    private final UpdaterContext context;

    public VersionedUpdateOperation(UpdaterContext context) {
        this.context = context;
    }

    public UpdateOutcome run(Map<String, AttributeValue> key, UnaryOperator<Map<String, AttributeValue>> change) {
        Map<String, AttributeValue> itemKey = context.keyOf(key);
        String memoryKey = context.renderEscaped(itemKey);
        return context.locks().serially(memoryKey, () -> {
            try (KeyTurns.Claim turn = context.locks().turns().claim(memoryKey)) {
                return attempts(itemKey, memoryKey, change, turn);
            }
        });
    }

    private UpdateOutcome attempts(
            Map<String, AttributeValue> itemKey,
            String memoryKey,
            UnaryOperator<Map<String, AttributeValue>> change,
            KeyTurns.Claim turn) {
        String keyText = context.render(itemKey);
        KeyMemory memory = context.memory();
        Optional<Map<String, AttributeValue>> remembered = memory.item(memoryKey);
        // Observed in this call (read, or returned by a failed put), or remembered from an earlier one.
        boolean observed = remembered.isEmpty();
        Optional<Map<String, AttributeValue>> current = observed ? context.readConsistent(itemKey) : remembered;
        int max = context.retry().maxAttempts();
        KeyTurns turns = context.locks().turns();
        int lost = 0;
        int atOnce = 0;
        for (int attempt = 1; attempt <= max; attempt++) {
            if (turns.awaitTurn(memoryKey, context.retry().maxDelay())) {
                current = newest(current, memory.item(memoryKey)); // the call that held the turn wrote meanwhile
            }
            Map<String, AttributeValue> proposed;
            try {
                proposed = change.apply(new HashMap<>(current.orElse(itemKey)));
            } catch (RuntimeException e) {
                if (observed) {
                    throw e;
                }
                proposed = null; // thrown on what this updater remembered: decide on the item as it is
            }
            if (proposed == null && !observed) {
                // Declined on what this updater remembered: decide on the item as it is. Gone since: Missing, as
                // for a remembered item found deleted by a put, never created again from the key.
                current = context.readConsistent(itemKey);
                observed = true;
                if (current.isEmpty()) {
                    memory.seen(memoryKey, Optional.empty());
                    context.stats().recordOperation(attempt);
                    return new UpdateOutcome.Missing(attempt);
                }
                attempt--;
                continue;
            }
            if (proposed == null) {
                context.stats().recordOperation(attempt);
                return current.isEmpty()
                        ? new UpdateOutcome.Missing(attempt)
                        : new UpdateOutcome.Rejected("the change function returned no item", attempt);
            }
            Optional<BigDecimal> currentVersion = current.flatMap(
                    item -> UpdaterContext.number(item, context.stamps().version()));
            if (current.isPresent()
                    && current.get().containsKey(context.stamps().version())
                    && currentVersion.isEmpty()) {
                context.stats().recordOperation(attempt);
                return new UpdateOutcome.Rejected(
                        "attribute '" + context.stamps().version() + "' of " + keyText + " is not a number", attempt);
            }
            Map<String, AttributeValue> next = stamped(proposed, itemKey, current, currentVersion);
            boolean onRemembered = !observed;
            try {
                context.stats().recordRequest();
                turn.putting(true);
                try {
                    context.dynamoDb().putItem(request(next, current, currentVersion));
                } finally {
                    turn.putting(false);
                }
                return applied(memoryKey, next, attempt);
            } catch (ConditionalCheckFailedException e) {
                Optional<Map<String, AttributeValue>> seen =
                        e.hasItem() && !e.item().isEmpty() ? Optional.of(e.item()) : Optional.empty();
                if (WriteHistory.resent(e)) {
                    // The SDK sent this put again after a lost answer: the first send may be what we conflict with.
                    BigDecimal ours = UpdaterContext.number(
                                    next, context.stamps().version())
                            .orElseThrow();
                    WriteHistory.Landed landed = WriteHistory.landed(
                            context, seen, next.get(context.stamps().writeId()).s(), ours);
                    if (landed == WriteHistory.Landed.YES) {
                        return applied(memoryKey, next, attempt);
                    }
                    if (landed == WriteHistory.Landed.UNKNOWN) {
                        memory.seen(memoryKey, Optional.empty());
                        context.stats().recordOperation(attempt);
                        return new UpdateOutcome.Indeterminate(seen, attempt);
                    }
                }
                context.stats().recordConflict(keyText);
                if (!onRemembered) {
                    memory.conflict(memoryKey); // a stale memory is no sign of contention
                    if (++lost >= TURN_AFTER) {
                        turn.take();
                    }
                }
                memory.seen(memoryKey, seen);
                boolean existed = current.isPresent();
                current = seen;
                observed = true;
                if (existed && current.isEmpty()) {
                    // Deleted meanwhile (or, for a remembered item, since this updater last saw it: it cannot tell
                    // which, so it never creates it again from the key either; a call after this one reads first).
                    context.stats().recordOperation(attempt);
                    return new UpdateOutcome.Missing(attempt);
                }
                // Attempts go in pairs. A put on an item that may be stale (remembered, or kept through a pause)
                // that fails is followed at once by a put on the item it returned, the freshest this writer can
                // have. When that one fails too, back off, longer the more this key has been contended lately (so
                // writers that keep losing a hot key make room), then put on the newest item known: the one the
                // failed put returned, or one another thread of this updater wrote meanwhile. (Backing off after
                // every conflict made the item stale again after every pause: a writer that kept winning starved
                // the others, one update gave up after 1,000 attempts; docs/BENCHMARKS.md.)
                if (atOnce == TURN_AFTER) {
                    // Not for ever: a writer elsewhere keeps winning. Give the turn back for good (the others stop
                    // waiting for a call that now pauses) and pace like any other call.
                    turn.spend();
                }
                if (onRemembered) {
                    // A put on a stale memory is not one of the caller's attempts: try again at once.
                    attempt--;
                } else if (turn.othersWaiting() && atOnce < TURN_AFTER) {
                    // This updater's other threads hold off for this call: put again at once, no pause.
                    atOnce++;
                    current = newest(current, memory.item(memoryKey));
                } else if (attempt < max && attempt % 2 == 0) {
                    context.pause(attempt + memory.heat(memoryKey));
                    current = newest(current, memory.item(memoryKey));
                }
            }
        }
        context.stats().recordOperation(max);
        return new UpdateOutcome.Conflict(current, max);
    }

    /** The item with the higher version: the one a failed put returned, or one another thread of ours wrote since. */
    private Optional<Map<String, AttributeValue>> newest(
            Optional<Map<String, AttributeValue>> seen, Optional<Map<String, AttributeValue>> remembered) {
        if (seen.isEmpty() || remembered.isEmpty()) {
            return seen;
        }
        String version = context.stamps().version();
        Optional<BigDecimal> a = UpdaterContext.number(seen.get(), version);
        Optional<BigDecimal> b = UpdaterContext.number(remembered.get(), version);
        return a.isPresent() && b.isPresent() && b.get().compareTo(a.get()) > 0 ? remembered : seen;
    }

    private UpdateOutcome applied(String memoryKey, Map<String, AttributeValue> next, int attempt) {
        context.memory().seen(memoryKey, Optional.of(next));
        context.memory().success(memoryKey);
        context.stats().recordOperation(attempt);
        return new UpdateOutcome.Applied(next, attempt);
    }

    private Map<String, AttributeValue> stamped(
            Map<String, AttributeValue> proposed,
            Map<String, AttributeValue> itemKey,
            Optional<Map<String, AttributeValue>> current,
            Optional<BigDecimal> currentVersion) {
        var names = context.stamps();
        Map<String, AttributeValue> next = new HashMap<>(proposed);
        // An attribute set to null is not sent by the SDK: the item written has none, and neither has ours.
        next.keySet().removeIf(java.util.Objects::isNull);
        next.values().removeIf(java.util.Objects::isNull);
        next.putAll(itemKey);
        BigDecimal version =
                currentVersion.map(v -> v.add(BigDecimal.ONE)).orElse(BigDecimal.valueOf(context.initialVersion()));
        next.put(names.version(), AttributeValue.fromN(version.toPlainString()));
        next.put(names.writeId(), context.newWriteId());
        next.put(names.writer(), AttributeValue.fromS(context.writer()));
        next.remove(WriteHistory.attribute(context));
        WriteHistory.next(context, current).ifPresent(history -> next.put(WriteHistory.attribute(context), history));
        // The delta must describe this write, or the detector would read a stale one as ours.
        Optional<BigDecimal> newQuantity = UpdaterContext.number(next, names.quantity());
        Optional<BigDecimal> oldQuantity = current.isEmpty()
                ? Optional.of(BigDecimal.ZERO)
                : current.flatMap(item -> UpdaterContext.number(item, names.quantity()));
        if (newQuantity.isPresent() && oldQuantity.isPresent()) {
            next.put(
                    names.delta(),
                    AttributeValue.fromN(
                            newQuantity.get().subtract(oldQuantity.get()).toPlainString()));
        } else {
            next.remove(names.delta());
        }
        return next;
    }

    private PutItemRequest request(
            Map<String, AttributeValue> next,
            Optional<Map<String, AttributeValue>> current,
            Optional<BigDecimal> currentVersion) {
        PutItemRequest.Builder request = PutItemRequest.builder()
                .tableName(context.table())
                .item(next)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (current.isEmpty()) {
            return request.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", context.partitionKey()))
                    .build();
        }
        if (currentVersion.isEmpty()) {
            // An item written before versioning: adopt it, but only if nobody versioned it meanwhile.
            return request.conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#v)")
                    .expressionAttributeNames(Map.of(
                            "#pk",
                            context.partitionKey(),
                            "#v",
                            context.stamps().version()))
                    .build();
        }
        // The version and the write id: an item deleted and created again starts at the same version, and a put on
        // the old one (remembered, or read just before the delete) must not land on the new one.
        AttributeValue currentWriteId = current.get().get(context.stamps().writeId());
        Map<String, String> names =
                Map.of("#v", context.stamps().version(), "#w", context.stamps().writeId());
        if (currentWriteId == null) {
            return request.conditionExpression("#v = :expected AND attribute_not_exists(#w)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(
                            ":expected",
                            AttributeValue.fromN(currentVersion.get().toPlainString())))
                    .build();
        }
        return request.conditionExpression("#v = :expected AND #w = :writeId")
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(
                        ":expected",
                        AttributeValue.fromN(currentVersion.get().toPlainString()),
                        ":writeId",
                        currentWriteId))
                .build();
    }
}
