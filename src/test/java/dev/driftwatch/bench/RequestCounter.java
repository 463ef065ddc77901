package dev.driftwatch.bench;

import java.net.URI;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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

    /** A DynamoDB client of the endpoint whose every request this counter sees. */
    DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .addExecutionInterceptor(this)
                        .build())
                .build();
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
