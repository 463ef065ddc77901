package dev.driftwatch.cost;

import dev.driftwatch.cost.CostMeter.Kind;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * An SDK interceptor that turns every DynamoDB, DynamoDB Streams and SNS call into request units by DynamoDB's
 * rules and adds them to a {@link CostMeter}: the writes from the items sent (a put's whole item; an update's key
 * and new values, or the item returned, a lower bound when neither tells the item's size; a delete one unit
 * unless the old item is returned), global secondary index writes for the audit table's indexes, reads from the
 * items returned; a conditional write refused still costs its units; Streams GetRecords and SNS Publish as
 * requests, GetRecords that found nothing apart. Other calls (DescribeTable, GetShardIterator, …) are counted as
 * control requests.
 */
public final class MeteringInterceptor implements ExecutionInterceptor {
    private final CostMeter meter;
    private final Purposes purposes;

    public MeteringInterceptor(CostMeter meter, Purposes purposes) {
        this.meter = meter;
        this.purposes = purposes;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MeteringInterceptor.class);

    /** Metering never fails a call: DynamoDB has carried it out by now. */
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        try {
            count(context.request(), context.response());
        } catch (RuntimeException e) {
            LOG.warn("cost meter skipped a call error=\"{}\"", e.toString());
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof ConditionalCheckFailedException) {
            try {
                count(context.request(), null); // a refused conditional write consumes its table's write units
            } catch (RuntimeException e) {
                LOG.warn("cost meter skipped a refused write error=\"{}\"", e.toString());
            }
        }
    }

    void count(SdkRequest request, SdkResponse response) {
        if (request instanceof PutItemRequest put) {
            write(put.tableName(), purposes.ofRow(put.tableName(), put.item()), ItemBytes.of(put.item()));
            if (response != null) { // a refused write changes no index
                indexWrites(put.tableName(), put.item(), ItemBytes.of(put.item()));
            }
        } else if (request instanceof UpdateItemRequest update) {
            update(
                    update,
                    response instanceof UpdateItemResponse r && r.hasAttributes() ? r.attributes() : null,
                    response == null);
        } else if (request instanceof DeleteItemRequest delete) {
            Map<String, AttributeValue> old =
                    response instanceof DeleteItemResponse r && r.hasAttributes() ? r.attributes() : Map.of();
            write(delete.tableName(), purposes.ofRow(delete.tableName(), delete.key()), ItemBytes.of(old));
        } else if (request instanceof BatchWriteItemRequest batch) {
            batchWrite(batch, response instanceof BatchWriteItemResponse r ? r : null);
        } else if (request instanceof TransactWriteItemsRequest transaction) {
            meter.add(tableOf(transaction), purposeOf(transaction), Kind.REQUESTS, 1);
            for (TransactWriteItem item : transaction.transactItems()) {
                transactWrite(item);
            }
        } else if (request instanceof GetItemRequest get) {
            Map<String, AttributeValue> item =
                    response instanceof GetItemResponse r && r.hasItem() ? r.item() : Map.of();
            read(
                    get.tableName(),
                    purposes.ofRow(get.tableName(), get.key()),
                    CapacityUnits.read(ItemBytes.of(item), Boolean.TRUE.equals(get.consistentRead())));
        } else if (request instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest batch) {
            batchGet(batch, response instanceof BatchGetItemResponse r ? r : null);
        } else if (request instanceof QueryRequest query) {
            QueryResponse r = response instanceof QueryResponse q ? q : null;
            scanned(
                    query.tableName(),
                    purposes.ofQuery(query.tableName(), query.indexName(), query.expressionAttributeValues()),
                    r == null ? List.of() : r.items(),
                    r == null ? null : r.count(),
                    r == null ? null : r.scannedCount(),
                    Boolean.TRUE.equals(query.consistentRead()));
        } else if (request instanceof ScanRequest scan) {
            ScanResponse r = response instanceof ScanResponse s ? s : null;
            scanned(
                    scan.tableName(),
                    purposes.ofQuery(scan.tableName(), scan.indexName(), Map.of()),
                    r == null ? List.of() : r.items(),
                    r == null ? null : r.count(),
                    r == null ? null : r.scannedCount(),
                    Boolean.TRUE.equals(scan.consistentRead()));
        } else if (request instanceof software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest get) {
            String table = get.transactItems().isEmpty()
                    ? "?"
                    : get.transactItems().get(0).get().tableName();
            meter.add(table, purposes.ofRow(table, Map.of()), Kind.REQUESTS, 1);
            if (response instanceof TransactGetItemsResponse r) {
                r.responses()
                        .forEach(item -> meter.add(
                                table,
                                purposes.ofRow(table, item.item()),
                                Kind.READ_UNITS,
                                CapacityUnits.transactionalRead(ItemBytes.of(item.item()))));
            }
        } else if (request instanceof software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest) {
            boolean empty =
                    response instanceof GetRecordsResponse r && r.records().isEmpty();
            meter.add("streams", empty ? Purposes.EMPTY_POLLS : Purposes.STREAM_READS, Kind.REQUESTS, 1);
        } else if (request instanceof PublishRequest publish) {
            meter.add(topic(publish), Purposes.ALERTS, Kind.REQUESTS, publishRequests(publish));
        } else if (request != null) {
            meter.add("-", Purposes.CONTROL, Kind.REQUESTS, 1);
        }
    }

    private void update(UpdateItemRequest update, Map<String, AttributeValue> returned, boolean refused) {
        String touched =
                touched(update.updateExpression(), update.expressionAttributeNames(), update.attributeUpdates());
        String purpose = purposes.ofUpdate(update.tableName(), update.key(), touched);
        long bytes = returned != null ? ItemBytes.of(returned) : ItemBytes.of(update.key()) + newValues(update);
        write(update.tableName(), purpose, bytes);
        if (!refused) {
            indexWritesOfUpdate(update.tableName(), touched);
        }
    }

    private void batchWrite(BatchWriteItemRequest batch, BatchWriteItemResponse response) {
        for (Map.Entry<String, List<WriteRequest>> table : batch.requestItems().entrySet()) {
            meter.add(table.getKey(), purposeOfFirst(table.getKey(), table.getValue()), Kind.REQUESTS, 1);
            List<WriteRequest> unprocessed = response != null && response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(table.getKey(), List.of())
                    : List.of();
            for (WriteRequest request : table.getValue()) {
                if (unprocessed.contains(request)) {
                    continue; // not written: the caller sends it again, and that call counts it
                }
                if (request.putRequest() != null) {
                    Map<String, AttributeValue> item = request.putRequest().item();
                    long bytes = ItemBytes.of(item);
                    meter.add(
                            table.getKey(),
                            purposes.ofRow(table.getKey(), item),
                            Kind.WRITE_UNITS,
                            CapacityUnits.write(bytes));
                    indexWrites(table.getKey(), item, bytes);
                } else if (request.deleteRequest() != null) {
                    meter.add(
                            table.getKey(),
                            purposes.ofRow(
                                    table.getKey(), request.deleteRequest().key()),
                            Kind.WRITE_UNITS,
                            CapacityUnits.write(0));
                }
            }
        }
    }

    private void transactWrite(TransactWriteItem item) {
        if (item.put() != null) {
            String table = item.put().tableName();
            long bytes = ItemBytes.of(item.put().item());
            meter.add(
                    table,
                    purposes.ofRow(table, item.put().item()),
                    Kind.WRITE_UNITS,
                    CapacityUnits.transactionalWrite(bytes));
            indexWrites(table, item.put().item(), bytes);
        } else if (item.update() != null) {
            String table = item.update().tableName();
            long bytes =
                    ItemBytes.of(item.update().key()) + values(item.update().expressionAttributeValues());
            meter.add(
                    table,
                    purposes.ofRow(table, item.update().key()),
                    Kind.WRITE_UNITS,
                    CapacityUnits.transactionalWrite(bytes));
        } else if (item.delete() != null) {
            String table = item.delete().tableName();
            meter.add(
                    table,
                    purposes.ofRow(table, item.delete().key()),
                    Kind.WRITE_UNITS,
                    CapacityUnits.transactionalWrite(0));
        } else if (item.conditionCheck() != null) {
            String table = item.conditionCheck().tableName();
            meter.add(
                    table,
                    purposes.ofRow(table, item.conditionCheck().key()),
                    Kind.WRITE_UNITS,
                    CapacityUnits.transactionalWrite(0));
        }
    }

    private void batchGet(
            software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest batch, BatchGetItemResponse response) {
        for (Map.Entry<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> table :
                batch.requestItems().entrySet()) {
            List<Map<String, AttributeValue>> keys = table.getValue().keys();
            String purpose = purposes.ofRow(table.getKey(), keys.isEmpty() ? Map.of() : keys.get(0));
            meter.add(table.getKey(), purpose, Kind.REQUESTS, 1);
            boolean consistent = Boolean.TRUE.equals(table.getValue().consistentRead());
            List<Map<String, AttributeValue>> items =
                    response == null ? List.of() : response.responses().getOrDefault(table.getKey(), List.of());
            // Each item rounded up on its own; a key not found still costs a read.
            long found = 0;
            for (Map<String, AttributeValue> item : items) {
                meter.add(table.getKey(), purpose, Kind.READ_UNITS, CapacityUnits.read(ItemBytes.of(item), consistent));
                found++;
            }
            long unprocessed = response == null || !response.hasUnprocessedKeys()
                    ? 0
                    : response.unprocessedKeys().containsKey(table.getKey())
                            ? response.unprocessedKeys()
                                    .get(table.getKey())
                                    .keys()
                                    .size()
                            : 0;
            long missing = Math.max(0, keys.size() - found - unprocessed);
            if (missing > 0) {
                meter.add(table.getKey(), purpose, Kind.READ_UNITS, missing * CapacityUnits.read(0, consistent));
            }
        }
    }

    /**
     * A Query or Scan reads the items it evaluates, their sizes summed, then rounded up to 4 KB. The response
     * shows the items returned; when a filter dropped some, their sizes are taken to be the returned ones'
     * average (a lower bound when nothing was returned).
     */
    private void scanned(
            String table,
            String purpose,
            List<Map<String, AttributeValue>> items,
            Integer count,
            Integer scannedCount,
            boolean consistent) {
        meter.add(table, purpose, Kind.REQUESTS, 1);
        long bytes = 0;
        for (Map<String, AttributeValue> item : items) {
            bytes += ItemBytes.of(item);
        }
        if (count != null && scannedCount != null && count > 0 && scannedCount > count) {
            bytes = bytes * scannedCount / count;
        }
        meter.add(table, purpose, Kind.READ_UNITS, CapacityUnits.read(bytes, consistent));
    }

    private void write(String table, String purpose, long bytes) {
        meter.add(table, purpose, Kind.REQUESTS, 1);
        meter.add(table, purpose, Kind.WRITE_UNITS, CapacityUnits.write(bytes));
    }

    private void read(String table, String purpose, double units) {
        meter.add(table, purpose, Kind.REQUESTS, 1);
        meter.add(table, purpose, Kind.READ_UNITS, units);
    }

    /** A put into the audit table writes each index whose key it sets, its whole item (the indexes project ALL). */
    private void indexWrites(String table, Map<String, AttributeValue> item, long bytes) {
        if (!table.equals(purposes.auditTable())) {
            return;
        }
        for (Purposes.IndexKeys index : purposes.auditIndexes()) {
            if (item.containsKey(index.hashKey()) && item.containsKey(index.rangeKey())) {
                meter.add(table, "index:" + index.name(), Kind.WRITE_UNITS, CapacityUnits.write(bytes));
            }
        }
    }

    /** An update that sets or removes an index key writes that index (one unit: a lower bound). */
    private void indexWritesOfUpdate(String table, String touched) {
        if (!table.equals(purposes.auditTable())) {
            return;
        }
        for (Purposes.IndexKeys index : purposes.auditIndexes()) {
            if (touched.contains(index.hashKey()) || touched.contains(index.rangeKey())) {
                meter.add(table, "index:" + index.name(), Kind.WRITE_UNITS, CapacityUnits.write(0));
            }
        }
    }

    private static String touched(
            String expression, Map<String, String> names, Map<String, AttributeValueUpdate> updates) {
        StringBuilder touched = new StringBuilder(expression == null ? "" : expression);
        if (names != null) {
            names.values().forEach(name -> touched.append(' ').append(name));
        }
        if (updates != null) {
            updates.keySet().forEach(name -> touched.append(' ').append(name));
        }
        return touched.toString();
    }

    private static long newValues(UpdateItemRequest update) {
        long bytes = values(update.expressionAttributeValues());
        if (update.hasAttributeUpdates()) {
            for (Map.Entry<String, AttributeValueUpdate> entry :
                    update.attributeUpdates().entrySet()) {
                bytes += entry.getKey().length()
                        + (entry.getValue().value() == null
                                ? 0
                                : ItemBytes.value(entry.getValue().value()));
            }
        }
        return bytes;
    }

    private static long values(Map<String, AttributeValue> values) {
        long bytes = 0;
        if (values != null) {
            for (AttributeValue value : values.values()) {
                bytes += ItemBytes.value(value);
            }
        }
        return bytes;
    }

    private String purposeOfFirst(String table, List<WriteRequest> requests) {
        if (requests.isEmpty()) {
            return purposes.ofRow(table, Map.of());
        }
        WriteRequest first = requests.get(0);
        return purposes.ofRow(
                table,
                first.putRequest() != null
                        ? first.putRequest().item()
                        : first.deleteRequest().key());
    }

    private static String tableOf(TransactWriteItemsRequest transaction) {
        if (transaction.transactItems().isEmpty()) {
            return "?";
        }
        TransactWriteItem first = transaction.transactItems().get(0);
        if (first.put() != null) {
            return first.put().tableName();
        }
        if (first.update() != null) {
            return first.update().tableName();
        }
        if (first.delete() != null) {
            return first.delete().tableName();
        }
        return first.conditionCheck().tableName();
    }

    private String purposeOf(TransactWriteItemsRequest transaction) {
        if (transaction.transactItems().isEmpty()) {
            return Purposes.OTHER;
        }
        TransactWriteItem first = transaction.transactItems().get(0);
        Map<String, AttributeValue> key = first.put() != null
                ? first.put().item()
                : first.update() != null
                        ? first.update().key()
                        : first.delete() != null
                                ? first.delete().key()
                                : first.conditionCheck().key();
        return purposes.ofRow(tableOf(transaction), key);
    }

    private static String topic(PublishRequest publish) {
        String arn = publish.topicArn() != null ? publish.topicArn() : publish.targetArn();
        return arn == null ? "sns" : arn.substring(arn.lastIndexOf(':') + 1);
    }

    /** SNS bills a publish per 64 KB of payload. */
    private static long publishRequests(PublishRequest publish) {
        long bytes = publish.message() == null
                ? 0
                : publish.message().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return Math.max(1, (bytes + 65_535) / 65_536);
    }
}
