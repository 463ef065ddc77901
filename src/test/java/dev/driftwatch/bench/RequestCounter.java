package dev.driftwatch.bench;

import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Counts every HTTP request the SDK transmits, the SDK's own retries included, and the calls refused
 * by a condition (a conditional-check failure or a cancelled transaction).
 */
final class RequestCounter implements ExecutionInterceptor {
    private final LongAdder transmitted = new LongAdder();
    private final LongAdder conditionFailures = new LongAdder();

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.exception() instanceof ConditionalCheckFailedException
                || context.exception() instanceof TransactionCanceledException) {
            conditionFailures.increment();
        }
    }

    long conditionFailures() {
        return conditionFailures.sum();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        transmitted.increment();
    }

    long count() {
        return transmitted.sum();
    }

    void reset() {
        transmitted.reset();
        conditionFailures.reset();
    }
}
