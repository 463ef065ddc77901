package dev.driftwatch.consumer;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A stream's status and all its shards, read with DescribeStream page by page. */
record StreamShards(StreamStatus status, List<Shard> shards) {
    /**
     * @throws software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException when the stream is gone
     */
    static StreamShards of(DynamoDbStreamsClient streams, String streamArn) {
        List<Shard> shards = new ArrayList<>();
        StreamStatus status;
        String start = null;
        do {
            String from = start;
            StreamDescription page = streams.describeStream(
                            b -> b.streamArn(streamArn).exclusiveStartShardId(from))
                    .streamDescription();
            status = page.streamStatus();
            shards.addAll(page.shards());
            start = page.lastEvaluatedShardId();
        } while (start != null);
        return new StreamShards(status, List.copyOf(shards));
    }

    boolean holds(String shardId) {
        return shards.stream().anyMatch(shard -> shard.shardId().equals(shardId));
    }
}
