package dev.driftwatch.config;

import dev.driftwatch.validation.Require;
import java.util.Objects;

/** The whole configuration of one driftwatch deployment: one watched table, one audit table. */
public record DriftwatchConfig(
        Endpoint endpoint,
        String region,
        TableConfig table,
        AuditConfig audit,
        ConsumerConfig consumer,
        AlertsConfig alerts,
        HttpConfig http,
        RulesConfig rules,
        CloudWatchConfig cloudWatch) {

    public DriftwatchConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Require.notBlank("region", region);
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(cloudWatch, "cloudWatch");
    }

    public DriftwatchConfig withTable(TableConfig newTable) {
        return toBuilder().table(newTable).build();
    }

    public DriftwatchConfig withAudit(AuditConfig newAudit) {
        return toBuilder().audit(newAudit).build();
    }

    public DriftwatchConfig withAlerts(AlertsConfig newAlerts) {
        return toBuilder().alerts(newAlerts).build();
    }

    public DriftwatchConfig withRules(RulesConfig newRules) {
        return toBuilder().rules(newRules).build();
    }

    public DriftwatchConfig withConsumer(ConsumerConfig newConsumer) {
        return toBuilder().consumer(newConsumer).build();
    }

    /** Builds a configuration by name; without a rules path the built-in rules apply. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .endpoint(endpoint)
                .region(region)
                .table(table)
                .audit(audit)
                .consumer(consumer)
                .alerts(alerts)
                .http(http)
                .rules(rules)
                .cloudWatch(cloudWatch);
    }

    /** Collects the parts by name; validated at {@link #build}. */
    public static final class Builder {
        private Endpoint endpoint;
        private String region;
        private TableConfig table;
        private AuditConfig audit;
        private ConsumerConfig consumer;
        private AlertsConfig alerts;
        private HttpConfig http;
        private RulesConfig rules = RulesConfig.NONE;
        private CloudWatchConfig cloudWatch = CloudWatchConfig.OFF;

        private Builder() {}

        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder table(TableConfig table) {
            this.table = table;
            return this;
        }

        public Builder audit(AuditConfig audit) {
            this.audit = audit;
            return this;
        }

        public Builder consumer(ConsumerConfig consumer) {
            this.consumer = consumer;
            return this;
        }

        public Builder alerts(AlertsConfig alerts) {
            this.alerts = alerts;
            return this;
        }

        public Builder http(HttpConfig http) {
            this.http = http;
            return this;
        }

        public Builder rules(RulesConfig rules) {
            this.rules = rules;
            return this;
        }

        public Builder cloudWatch(CloudWatchConfig cloudWatch) {
            this.cloudWatch = cloudWatch;
            return this;
        }

        public DriftwatchConfig build() {
            return new DriftwatchConfig(endpoint, region, table, audit, consumer, alerts, http, rules, cloudWatch);
        }
    }
}
