package dev.driftwatch.config;

import dev.driftwatch.validation.Require;
import java.util.List;

/** The audit table: its name, how long findings are kept, and which image attributes are masked. */
public record AuditConfig(String table, int retentionDays, List<String> redact) {

    public AuditConfig {
        Require.notBlank("audit.table", table);
        Require.positive("audit.retentionDays", retentionDays);
        redact = List.copyOf(redact);
    }

    public AuditConfig withTable(String newTable) {
        return new AuditConfig(newTable, retentionDays, redact);
    }

    public static AuditConfig named(String table) {
        return new AuditConfig(table, 90, List.of());
    }
}
