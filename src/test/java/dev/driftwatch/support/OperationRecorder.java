package dev.driftwatch.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Records every AWS call as the IAM action it needs and the resource it names, e.g.
 * {@code dynamodb:PutItem} on {@code arn:aws:dynamodb:us-east-1:123456789012:table/findings}.
 * A transaction is recorded as the actions of its items, which is how IAM authorises it.
 */
public final class OperationRecorder implements ExecutionInterceptor {
    /** The local endpoint's account and region. */
    public static final String ARN_PREFIX = "arn:aws:dynamodb:us-east-1:123456789012:table/";

    private static final Map<String, String> IAM_PREFIX =
            Map.of("DynamoDb", "dynamodb", "DynamoDbStreams", "dynamodb", "Sns", "sns", "CloudWatch", "cloudwatch");

    /** One authorised call: the action and the resource ARN ({@code *} when the call names none). */
    public record Call(String action, String resource) {}

    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    /** GetRecords names only a shard iterator; IAM authorises it on the stream the iterator came from. */
    private final Map<String, String> iteratorStreams = new ConcurrentHashMap<>();

    public Set<Call> calls() {
        return Set.copyOf(calls);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String prefix = IAM_PREFIX.getOrDefault(service, service.toLowerCase());
        if (context.request() instanceof GetRecordsRequest getRecords) {
            calls.add(new Call(
                    "dynamodb:GetRecords", iteratorStreams.getOrDefault(getRecords.shardIterator(), "unknown stream")));
            return;
        }
        calls.addAll(callsOf(prefix, operation, context.request()));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof GetShardIteratorRequest request
                && context.response() instanceof GetShardIteratorResponse response
                && response.shardIterator() != null) {
            iteratorStreams.put(response.shardIterator(), request.streamArn());
        } else if (context.request() instanceof GetRecordsRequest request
                && context.response() instanceof GetRecordsResponse response) {
            String stream = iteratorStreams.remove(request.shardIterator());
            if (stream != null && response.nextShardIterator() != null) {
                iteratorStreams.put(response.nextShardIterator(), stream);
            }
        }
    }

    static List<Call> callsOf(String prefix, String operation, SdkRequest request) {
        List<Call> result = new ArrayList<>();
        if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    result.add(
                            new Call("dynamodb:PutItem", ARN_PREFIX + item.put().tableName()));
                } else if (item.update() != null) {
                    result.add(new Call(
                            "dynamodb:UpdateItem", ARN_PREFIX + item.update().tableName()));
                } else if (item.delete() != null) {
                    result.add(new Call(
                            "dynamodb:DeleteItem", ARN_PREFIX + item.delete().tableName()));
                } else if (item.conditionCheck() != null) {
                    result.add(new Call(
                            "dynamodb:ConditionCheckItem",
                            ARN_PREFIX + item.conditionCheck().tableName()));
                }
            }
            return result;
        }
        if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems()
                    .keySet()
                    .forEach(table -> result.add(new Call("dynamodb:BatchWriteItem", ARN_PREFIX + table)));
            return result;
        }
        if (request instanceof BatchGetItemRequest batch) {
            batch.requestItems()
                    .keySet()
                    .forEach(table -> result.add(new Call("dynamodb:BatchGetItem", ARN_PREFIX + table)));
            return result;
        }
        String action = prefix + ":" + operation;
        String resource = request.getValueForField("StreamArn", String.class)
                .or(() -> request.getValueForField("TopicArn", String.class))
                .or(() -> request.getValueForField("TableName", String.class)
                        .map(table -> ARN_PREFIX
                                + table
                                + request.getValueForField("IndexName", String.class)
                                        .map(index -> "/index/" + index)
                                        .orElse("")))
                .orElse("*");
        result.add(new Call(action, resource));
        return result;
    }
}
