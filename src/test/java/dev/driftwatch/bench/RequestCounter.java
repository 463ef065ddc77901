package dev.driftwatch.bench;

import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Counts every HTTP request the SDK transmits, the SDK's own retries included. */
final class RequestCounter implements ExecutionInterceptor {
    private final LongAdder transmitted = new LongAdder();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        transmitted.increment();
    }

    long count() {
        return transmitted.sum();
    }

    void reset() {
        transmitted.reset();
    }
}
