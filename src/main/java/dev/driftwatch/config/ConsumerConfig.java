package dev.driftwatch.config;

import dev.driftwatch.validation.Require;

/**
 * KCL settings. The defaults are KCL's production defaults; the local config file sets the short
 * lease timings measured in docs/LOCAL-ENDPOINT.md.
 *
 * @param leaderLeaseMillis how long KCL 3's leader lock outlives a worker that died holding it; 0 keeps
 *     KCL's default (120 s), during which no lease is assigned after the leader was killed
 * @param checkpointEverySeconds how often a busy shard is checkpointed (with its coverage-ledger entry): at most
 *     once per this many seconds, and at once when the reader is caught up; 0 after every batch
 * @param workerId this process's KCL worker id, kept across restarts so that a restarted daemon renews its own
 *     leases at once instead of waiting for the leader to reassign them (about 30 s); empty: a new one per start
 *     ({@code <host>:<uuid>}). Two running processes must never share one
 */
public record ConsumerConfig(
        String application,
        InitialPosition initialPosition,
        long idleBetweenReadsMillis,
        int maxRecords,
        long failoverMillis,
        long leaseAssignmentIntervalMillis,
        long shardSyncIntervalMillis,
        long leaderLeaseMillis,
        long stuckAfterSeconds,
        long streamCheckSeconds,
        long checkpointEverySeconds,
        String workerId) {

    /** Letters, digits and {@code . _ : @ / -}; what KCL stores as a lease owner and in its metrics table's key. */
    private static final java.util.regex.Pattern WORKER_ID =
            java.util.regex.Pattern.compile("[A-Za-z0-9._:@/-]{1,128}");

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
        Require.positive("consumer.stuckAfterSeconds", stuckAfterSeconds);
        Require.positive("consumer.streamCheckSeconds", streamCheckSeconds);
        Require.notNegative("consumer.checkpointEverySeconds", checkpointEverySeconds);
        java.util.Objects.requireNonNull(workerId, "consumer.workerId");
        if (!workerId.isEmpty() && !WORKER_ID.matcher(workerId).matches()) {
            throw new IllegalArgumentException("consumer.workerId must be 1 to 128 letters, digits or . _ : @ / -,"
                    + " or empty for a new one per start, got: '" + workerId + "'");
        }
        if (leaderLeaseMillis > 0 && leaderLeaseMillis < 3000) {
            throw new IllegalArgumentException(
                    "consumer.leaderLeaseMillis must be 0 (KCL's default) or at least 3000, got: " + leaderLeaseMillis);
        }
    }

    /** Settings for the local endpoint and tests: first record in seconds, not minutes. */
    public static ConsumerConfig local(String application) {
        return builder()
                .application(application)
                .initialPosition(InitialPosition.TRIM_HORIZON)
                .idleBetweenReadsMillis(200)
                .maxRecords(1000)
                .failoverMillis(5000)
                .leaseAssignmentIntervalMillis(3000)
                .shardSyncIntervalMillis(0)
                .leaderLeaseMillis(10_000)
                .build();
    }

    public ConsumerConfig withApplication(String newApplication) {
        return toBuilder().application(newApplication).build();
    }

    /** KCL's production defaults, to change by name. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .application(application)
                .initialPosition(initialPosition)
                .idleBetweenReadsMillis(idleBetweenReadsMillis)
                .maxRecords(maxRecords)
                .failoverMillis(failoverMillis)
                .leaseAssignmentIntervalMillis(leaseAssignmentIntervalMillis)
                .shardSyncIntervalMillis(shardSyncIntervalMillis)
                .leaderLeaseMillis(leaderLeaseMillis)
                .stuckAfterSeconds(stuckAfterSeconds)
                .streamCheckSeconds(streamCheckSeconds)
                .checkpointEverySeconds(checkpointEverySeconds)
                .workerId(workerId);
    }

    /** Builds consumer settings by name, from KCL's production defaults; validated at {@link #build}. */
    public static final class Builder {
        private String application;
        private InitialPosition initialPosition = InitialPosition.TRIM_HORIZON;
        private long idleBetweenReadsMillis = 1000;
        private int maxRecords = 1000;
        private long failoverMillis = 10_000;
        private long leaseAssignmentIntervalMillis = 20_000;
        /**
         * KCL's default is 60 s, but with KCL 3.3 and adapter 2.0.1 it is only a sleep after each shard sync
         * (ShardSyncTask), the first one included, before any lease is assigned; how often syncs run is
         * leasesRecoveryAuditorExecutionFrequencyMillis. The adapter means to set 0 and sets it too late.
         */
        private long shardSyncIntervalMillis = 0;

        private long leaderLeaseMillis;
        private long stuckAfterSeconds = 300;
        private long checkpointEverySeconds = 10;
        private long streamCheckSeconds = 60;
        private String workerId = "";

        private Builder() {}

        /** A worker id kept across restarts (two running processes must never share one); empty: new per start. */
        public Builder workerId(String workerId) {
            this.workerId = workerId;
            return this;
        }

        public Builder application(String application) {
            this.application = application;
            return this;
        }

        public Builder initialPosition(InitialPosition initialPosition) {
            this.initialPosition = initialPosition;
            return this;
        }

        public Builder idleBetweenReadsMillis(long idleBetweenReadsMillis) {
            this.idleBetweenReadsMillis = idleBetweenReadsMillis;
            return this;
        }

        public Builder maxRecords(int maxRecords) {
            this.maxRecords = maxRecords;
            return this;
        }

        public Builder failoverMillis(long failoverMillis) {
            this.failoverMillis = failoverMillis;
            return this;
        }

        public Builder leaseAssignmentIntervalMillis(long leaseAssignmentIntervalMillis) {
            this.leaseAssignmentIntervalMillis = leaseAssignmentIntervalMillis;
            return this;
        }

        public Builder shardSyncIntervalMillis(long shardSyncIntervalMillis) {
            this.shardSyncIntervalMillis = shardSyncIntervalMillis;
            return this;
        }

        public Builder leaderLeaseMillis(long leaderLeaseMillis) {
            this.leaderLeaseMillis = leaderLeaseMillis;
            return this;
        }

        /** A batch retried longer than this makes its shard stuck: a metric, /health DEGRADED, a log line a minute. */
        public Builder stuckAfterSeconds(long stuckAfterSeconds) {
            this.stuckAfterSeconds = stuckAfterSeconds;
            return this;
        }

        /**
         * How often the daemon asks whether the table's stream is still the one it reads (a stream disabled and
         * enabled again, or a recreated table, has a new one).
         */
        public Builder streamCheckSeconds(long streamCheckSeconds) {
            this.streamCheckSeconds = streamCheckSeconds;
            return this;
        }

        /**
         * At most one checkpoint and coverage-ledger write per this many seconds on a busy shard (two write units
         * each), and one as soon as the reader is caught up; 0 after every batch. A crash redelivers at most this
         * long of records, whose findings are already stored.
         */
        public Builder checkpointEverySeconds(long checkpointEverySeconds) {
            this.checkpointEverySeconds = checkpointEverySeconds;
            return this;
        }

        public ConsumerConfig build() {
            return new ConsumerConfig(
                    application,
                    initialPosition,
                    idleBetweenReadsMillis,
                    maxRecords,
                    failoverMillis,
                    leaseAssignmentIntervalMillis,
                    shardSyncIntervalMillis,
                    leaderLeaseMillis,
                    stuckAfterSeconds,
                    streamCheckSeconds,
                    checkpointEverySeconds,
                    workerId);
        }
    }
}
