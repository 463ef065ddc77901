package dev.driftwatch.config;

/**
 * KCL settings. The defaults are KCL's production defaults; the local config file sets the short
 * lease timings measured in docs/LOCAL-ENDPOINT.md.
 *
 * @param leaderLeaseMillis how long KCL 3's leader lock outlives a worker that died holding it; 0 keeps
 *     KCL's default (120 s), during which no lease is assigned after the leader was killed
 */
public record ConsumerConfig(
        String application,
        InitialPosition initialPosition,
        long idleBetweenReadsMillis,
        int maxRecords,
        long failoverMillis,
        long leaseAssignmentIntervalMillis,
        long shardSyncIntervalMillis,
        long leaderLeaseMillis) {

    /** Where a new lease starts reading. */
    public enum InitialPosition {
        TRIM_HORIZON,
        LATEST
    }

    public ConsumerConfig {
        Require.notBlank("consumer.application", application);
        Require.positive("consumer.idleBetweenReadsMillis", idleBetweenReadsMillis);
        Require.positive("consumer.maxRecords", maxRecords);
        if (maxRecords > 1000) {
            throw new IllegalArgumentException("consumer.maxRecords must be at most 1000, got: " + maxRecords);
        }
        Require.positive("consumer.failoverMillis", failoverMillis);
        Require.positive("consumer.leaseAssignmentIntervalMillis", leaseAssignmentIntervalMillis);
        Require.notNegative("consumer.shardSyncIntervalMillis", shardSyncIntervalMillis);
        Require.notNegative("consumer.leaderLeaseMillis", leaderLeaseMillis);
        if (leaderLeaseMillis > 0 && leaderLeaseMillis < 3000) {
            throw new IllegalArgumentException(
                    "consumer.leaderLeaseMillis must be 0 (KCL's default) or at least 3000, got: " + leaderLeaseMillis);
        }
    }

    /** Settings for the local endpoint and tests: first record in seconds, not minutes. */
    public static ConsumerConfig local(String application) {
        return new ConsumerConfig(application, InitialPosition.TRIM_HORIZON, 200, 1000, 5000, 3000, 0, 10_000);
    }

    public ConsumerConfig withApplication(String newApplication) {
        return new ConsumerConfig(
                newApplication,
                initialPosition,
                idleBetweenReadsMillis,
                maxRecords,
                failoverMillis,
                leaseAssignmentIntervalMillis,
                shardSyncIntervalMillis,
                leaderLeaseMillis);
    }
}
