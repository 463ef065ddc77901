package dev.driftwatch.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds the SDK clients for one endpoint: AWS (default credential chain) or an override URL (the
 * local endpoint, with fixed dummy credentials). Clients are created on first use and closed together.
 */
public final class AwsClients implements AutoCloseable {
    private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("driftwatch-local", "driftwatch-local"));

    private final Optional<URI> endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final RetryLogger retryLogger = new RetryLogger();
    private final List<ExecutionInterceptor> extraInterceptors;
    private DynamoDbClient dynamoDb;
    private DynamoDbAsyncClient dynamoDbAsync;
    private DynamoDbStreamsClient streams;
    private CloudWatchAsyncClient cloudWatch;
    private SnsClient sns;

    public AwsClients(Optional<URI> endpoint, Region region) {
        this(endpoint, region, List.of());
    }

    /** Clients that also run {@code extraInterceptors} on every call (the benchmarks time calls this way). */
    public AwsClients(Optional<URI> endpoint, Region region, List<ExecutionInterceptor> extraInterceptors) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = endpoint.isPresent()
                ? LOCAL_CREDENTIALS
                : DefaultCredentialsProvider.builder().build();
        this.extraInterceptors = List.copyOf(extraInterceptors);
    }

    public static AwsClients local(URI endpoint, Region region) {
        return new AwsClients(Optional.of(endpoint), region);
    }

    public Region region() {
        return region;
    }

    public Optional<URI> endpoint() {
        return endpoint;
    }

    /** What the SDK retried or gave up on, across the DynamoDB and Streams clients. */
    public RetryLogger retryLogger() {
        return retryLogger;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            var builder = DynamoDbClient.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .overrideConfiguration(timeouts());
            endpoint.ifPresent(builder::endpointOverride);
            dynamoDb = builder.build();
        }
        return dynamoDb;
    }

    public synchronized DynamoDbAsyncClient dynamoDbAsync() {
        if (dynamoDbAsync == null) {
            var builder = DynamoDbAsyncClient.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .overrideConfiguration(timeouts());
            endpoint.ifPresent(builder::endpointOverride);
            dynamoDbAsync = builder.build();
        }
        return dynamoDbAsync;
    }

    public synchronized DynamoDbStreamsClient streams() {
        if (streams == null) {
            var builder = DynamoDbStreamsClient.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .overrideConfiguration(timeouts());
            endpoint.ifPresent(builder::endpointOverride);
            streams = builder.build();
        }
        return streams;
    }

    public synchronized CloudWatchAsyncClient cloudWatch() {
        if (cloudWatch == null) {
            // The same interceptors as the other clients (the cost meter, the least-privilege recorder).
            var builder = CloudWatchAsyncClient.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .overrideConfiguration(timeouts());
            endpoint.ifPresent(builder::endpointOverride);
            cloudWatch = builder.build();
        }
        return cloudWatch;
    }

    /** For the SNS alert sink. */
    public synchronized SnsClient sns() {
        if (sns == null) {
            var builder = SnsClient.builder()
                    .region(region)
                    .credentialsProvider(credentials)
                    .overrideConfiguration(timeouts());
            endpoint.ifPresent(builder::endpointOverride);
            sns = builder.build();
        }
        return sns;
    }

    private ClientOverrideConfiguration timeouts() {
        var builder = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(Duration.ofSeconds(10))
                .apiCallTimeout(Duration.ofSeconds(60))
                .addExecutionInterceptor(retryLogger);
        extraInterceptors.forEach(builder::addExecutionInterceptor);
        return builder.build();
    }

    @Override
    public synchronized void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (dynamoDbAsync != null) {
            dynamoDbAsync.close();
        }
        if (streams != null) {
            streams.close();
        }
        if (cloudWatch != null) {
            cloudWatch.close();
        }
        if (sns != null) {
            sns.close();
        }
    }
}
