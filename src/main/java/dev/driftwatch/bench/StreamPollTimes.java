package dev.driftwatch.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Notes when each item's first stream record came back from GetRecords (System.nanoTime), keyed by
 * the item's partition key: the end of the polling part of a finding's latency.
 */
public final class StreamPollTimes implements ExecutionInterceptor {
    private final String keyAttribute;
    private final Map<String, Long> polledAt = new ConcurrentHashMap<>();

    public StreamPollTimes(String keyAttribute) {
        this.keyAttribute = keyAttribute;
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        if (!(context.response() instanceof GetRecordsResponse)) {
            return;
        }
        long now = System.nanoTime();
        for (Record record : ((GetRecordsResponse) context.response()).records()) {
            AttributeValue key =
                    record.dynamodb() == null ? null : record.dynamodb().keys().get(keyAttribute);
            if (key != null && key.s() != null) {
                polledAt.putIfAbsent(key.s(), now);
            }
        }
    }

    Long polledAt(String key) {
        return polledAt.get(key);
    }
}
