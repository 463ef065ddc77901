package dev.driftwatch.config;

import dev.driftwatch.validation.Require;
import java.util.List;

/**
 * The audit table: its name, how long findings are kept, which image attributes are masked, and where the
 * stream-gap check keeps each item's last state.
 */
public record AuditConfig(String table, int retentionDays, List<String> redact, GapState streamGapState) {
    /** Where the stream-gap check keeps the last state of each item. */
    public enum GapState {
        /** Per lease, in the worker's memory: no request, blind before the lease began (the default). */
        MEMORY,
        /** In the audit table: one write unit per changed item per batch, holds across restarts and workers. */
        DURABLE
    }

    public AuditConfig {
        Require.notBlank("audit.table", table);
        Require.positive("audit.retentionDays", retentionDays);
        redact = List.copyOf(redact);
        java.util.Objects.requireNonNull(streamGapState, "audit.streamGapState");
    }

    public AuditConfig(String table, int retentionDays, List<String> redact) {
        this(table, retentionDays, redact, GapState.MEMORY);
    }

    public AuditConfig withTable(String newTable) {
        return new AuditConfig(newTable, retentionDays, redact, streamGapState);
    }

    public AuditConfig withStreamGapState(GapState state) {
        return new AuditConfig(table, retentionDays, redact, state);
    }

    public static AuditConfig named(String table) {
        return new AuditConfig(table, 90, List.of());
    }
}
