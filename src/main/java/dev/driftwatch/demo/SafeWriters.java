package dev.driftwatch.demo;

import dev.driftwatch.config.AttributeNames;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.updater.ConditionalUpdater;
import dev.driftwatch.updater.RetryPolicy;
import dev.driftwatch.updater.StampAttributes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Race writers that go through the conditional-write updater, stamping what the detector reads. */
final class SafeWriters {
    private SafeWriters() {}

    static ConditionalUpdater updater(DynamoDbClient dynamoDb, TableConfig table, String writer) {
        return builder(dynamoDb, table, writer).build();
    }

    /** An updater whose {@code adjustOnce} records operation ids in {@code ledgerTable}. */
    static ConditionalUpdater updater(DynamoDbClient dynamoDb, TableConfig table, String writer, String ledgerTable) {
        return builder(dynamoDb, table, writer).ledger(ledgerTable).build();
    }

    private static ConditionalUpdater.Builder builder(DynamoDbClient dynamoDb, TableConfig table, String writer) {
        AttributeNames names = table.attributes();
        return ConditionalUpdater.builder()
                .client(dynamoDb)
                .table(table.name())
                .partitionKey(table.key())
                .stamps(new StampAttributes(
                        names.quantity(), names.version(), names.delta(), names.writeId(), names.writer()))
                .writer(writer)
                .initialVersion(table.initialVersion())
                .retry(new RetryPolicy(100, Duration.ofMillis(2), Duration.ofMillis(100)));
    }

    static RaceWriter versioned(ConditionalUpdater updater, TableConfig table) {
        String quantity = table.attributes().quantity();
        return (itemKey, delta) -> updater.update(key(table, itemKey), item -> {
                    long current = Long.parseLong(item.get(quantity).n());
                    item.put(quantity, AttributeValue.fromN(Long.toString(current + delta)));
                    return item;
                })
                .isApplied();
    }

    static RaceWriter atomic(ConditionalUpdater updater, TableConfig table) {
        return (itemKey, delta) -> updater.adjust(
                        key(table, itemKey), table.attributes().quantity(), BigDecimal.valueOf(delta), table.floor())
                .isApplied();
    }

    /** A plain atomic adjustment, no floor: not idempotent, so a retried request applies again. */
    static RaceWriter plain(ConditionalUpdater updater, TableConfig table) {
        return (itemKey, delta) -> updater.adjust(
                        key(table, itemKey), table.attributes().quantity(), BigDecimal.valueOf(delta))
                .isApplied();
    }

    /** The idempotent adjustment: each call is one operation with its own id. */
    static RaceWriter idempotent(ConditionalUpdater updater, TableConfig table, String writer) {
        AtomicLong operations = new AtomicLong();
        return (itemKey, delta) -> updater.adjustOnce(
                        writer + "-op-" + operations.incrementAndGet(),
                        key(table, itemKey),
                        table.attributes().quantity(),
                        BigDecimal.valueOf(delta),
                        table.floor())
                .isApplied();
    }

    private static Map<String, AttributeValue> key(TableConfig table, String itemKey) {
        return Map.of(table.key(), AttributeValue.fromS(itemKey));
    }
}
