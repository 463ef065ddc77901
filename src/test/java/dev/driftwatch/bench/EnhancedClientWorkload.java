package dev.driftwatch.bench;

import dev.driftwatch.updater.RetryPolicy;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The anchor: the SDK's Enhanced Client with VersionedRecordExtension. A conflict gives back no item,
 * so every retry reads again.
 */
final class EnhancedClientWorkload {
    /** The item, as the Enhanced Client maps it. */
    public static final class Stock {
        private String sku;
        private Long quantity;
        private Long version;

        public String getSku() {
            return sku;
        }

        public void setSku(String sku) {
            this.sku = sku;
        }

        public Long getQuantity() {
            return quantity;
        }

        public void setQuantity(Long quantity) {
            this.quantity = quantity;
        }

        public Long getVersion() {
            return version;
        }

        public void setVersion(Long version) {
            this.version = version;
        }
    }

    static final TableSchema<Stock> SCHEMA = StaticTableSchema.builder(Stock.class)
            .newItemSupplier(Stock::new)
            .addAttribute(
                    String.class,
                    a -> a.name("sku")
                            .getter(Stock::getSku)
                            .setter(Stock::setSku)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    Long.class,
                    a -> a.name("quantity").getter(Stock::getQuantity).setter(Stock::setQuantity))
            .addAttribute(
                    Long.class,
                    a -> a.name("version")
                            .getter(Stock::getVersion)
                            .setter(Stock::setVersion)
                            .tags(VersionedRecordExtension.AttributeTags.versionAttribute()))
            .build();

    private final DynamoDbTable<Stock> table;
    private final RetryPolicy retry;
    final LongAdder conflicts = new LongAdder();

    EnhancedClientWorkload(DynamoDbClient client, String tableName, RetryPolicy retry) {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder()
                .dynamoDbClient(client)
                .extensions(VersionedRecordExtension.builder().build())
                .build();
        this.table = enhanced.table(tableName, SCHEMA);
        this.retry = retry;
    }

    void seed(String sku, long quantity) {
        Stock stock = new Stock();
        stock.setSku(sku);
        stock.setQuantity(quantity);
        table.putItem(stock);
    }

    /** One decrement: read, change, conditional update; on conflict read again. True when applied. */
    boolean decrement(String sku) throws InterruptedException {
        Key key = Key.builder().partitionValue(sku).build();
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            Stock stock = table.getItem(r -> r.key(key).consistentRead(true));
            stock.setQuantity(stock.getQuantity() - 1);
            try {
                table.updateItem(stock);
                return true;
            } catch (ConditionalCheckFailedException e) {
                conflicts.increment();
                Thread.sleep(retry.delay(attempt).toMillis());
            }
        }
        return false;
    }
}
