package dev.driftwatch.bench;

import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.ruleset.RuleSet;
import java.util.Locale;

/** How a benchmark runs the stream-gap check: not at all, in memory per lease (the default), or durable. */
public enum StreamGapMode {
    OFF,
    MEMORY,
    DURABLE;

    /** The mode named {@code off}, {@code memory} or {@code durable}. */
    public static StreamGapMode parse(String text) {
        for (StreamGapMode mode : values()) {
            if (mode.label().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("expected off, memory or durable, got: '" + text + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    RuleSet rules(RuleSet builtIn) {
        return this == OFF ? new RuleSet(builtIn.rules(), builtIn.severities(), false, builtIn.staleBase()) : builtIn;
    }

    DriftwatchConfig config(DriftwatchConfig config) {
        AuditConfig.GapState state = this == DURABLE ? AuditConfig.GapState.DURABLE : AuditConfig.GapState.MEMORY;
        return config.withAudit(config.audit().withStreamGapState(state));
    }
}
