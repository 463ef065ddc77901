package dev.driftwatch.consumer;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.ConsumerConfig;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/** Builds a KCL 3 scheduler that reads one DynamoDB stream through the Kinesis adapter. */
final class StreamSchedulerFactory {
    private StreamSchedulerFactory() {}

    static Scheduler create(
            AwsClients clients,
            String streamArn,
            ConsumerConfig consumer,
            String workerId,
            ShardRecordProcessorFactory processors) {
        AmazonDynamoDBStreamsAdapterClient adapter =
                new AmazonDynamoDBStreamsAdapterClient(clients.streams(), clients.region());
        InitialPositionInStreamExtended position = InitialPositionInStreamExtended.newInitialPosition(
                consumer.initialPosition() == ConsumerConfig.InitialPosition.LATEST
                        ? InitialPositionInStream.LATEST
                        : InitialPositionInStream.TRIM_HORIZON);
        StreamTracker tracker = StreamsSchedulerFactory.createSingleStreamTracker(streamArn, position);
        ConfigsBuilder configs = new ConfigsBuilder(
                tracker,
                consumer.application(),
                adapter,
                clients.dynamoDbAsync(),
                clients.cloudWatch(),
                workerId,
                processors);

        DynamoDBStreamsPollingConfig polling = new DynamoDBStreamsPollingConfig(adapter);
        polling.maxRecords(consumer.maxRecords());
        polling.idleTimeBetweenReadsInMillis(consumer.idleBetweenReadsMillis());
        RetrievalConfig retrieval = configs.retrievalConfig().retrievalSpecificConfig(polling);

        // The adapter reads shardSyncIntervalMillis before it overrides it to 0: set it here.
        LeaseManagementConfig leases = configs.leaseManagementConfig()
                .shardSyncIntervalMillis(consumer.shardSyncIntervalMillis())
                .failoverTimeMillis(consumer.failoverMillis())
                .leaseAssignmentIntervalMillis(consumer.leaseAssignmentIntervalMillis());
        if (consumer.leaderLeaseMillis() > 0) {
            leases.dynamoDbLockBasedLeaderLeaseDurationInMillis(consumer.leaderLeaseMillis())
                    .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(Math.max(1000, consumer.leaderLeaseMillis() / 5));
        }
        MetricsConfig metrics =
                configs.metricsConfig().metricsFactory(new NullMetricsFactory()).metricsLevel(MetricsLevel.NONE);

        return StreamsSchedulerFactory.createScheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig(),
                leases,
                configs.lifecycleConfig(),
                metrics,
                // Empty polls reach the processor, so the lag metric drops to zero on an idle shard.
                configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true),
                retrieval,
                adapter);
    }
}
