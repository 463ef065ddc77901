package dev.driftwatch.config;

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
        RulesConfig rules) {

    public DriftwatchConfig(
            Endpoint endpoint,
            String region,
            TableConfig table,
            AuditConfig audit,
            ConsumerConfig consumer,
            AlertsConfig alerts,
            HttpConfig http) {
        this(endpoint, region, table, audit, consumer, alerts, http, RulesConfig.NONE);
    }

    public DriftwatchConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Require.notBlank("region", region);
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(rules, "rules");
    }

    public DriftwatchConfig withTable(TableConfig newTable) {
        return new DriftwatchConfig(endpoint, region, newTable, audit, consumer, alerts, http, rules);
    }

    public DriftwatchConfig withAudit(AuditConfig newAudit) {
        return new DriftwatchConfig(endpoint, region, table, newAudit, consumer, alerts, http, rules);
    }

    public DriftwatchConfig withAlerts(AlertsConfig newAlerts) {
        return new DriftwatchConfig(endpoint, region, table, audit, consumer, newAlerts, http, rules);
    }

    public DriftwatchConfig withRules(RulesConfig newRules) {
        return new DriftwatchConfig(endpoint, region, table, audit, consumer, alerts, http, newRules);
    }

    public DriftwatchConfig withConsumer(ConsumerConfig newConsumer) {
        return new DriftwatchConfig(endpoint, region, table, audit, newConsumer, alerts, http, rules);
    }
}
