package dev.driftwatch.app;

import dev.driftwatch.alert.AlertDispatcher;
import dev.driftwatch.alert.AlertQueue;
import dev.driftwatch.alert.DeliveryListener;
import dev.driftwatch.alert.LogAlertSink;
import dev.driftwatch.audit.AuditWriter;
import dev.driftwatch.audit.WriteReport;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.pipeline.PipelineObserver;
import dev.driftwatch.ruleset.RuleSet;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One table's pipeline, built by name. By default it stores findings (nothing in an offline assembly),
 * alerts nobody (stored alerts stay pending in the outbox for a daemon's resumer) and reports to no
 * observer.
 */
public final class PipelineBuilder {
    private final Assembly assembly;
    private final TableConfig table;
    private final RuleSet rules;
    private PipelineObserver observer = PipelineObserver.NONE;
    private AlertQueue alerts = AlertQueue.NONE;
    private boolean logDispatcher;
    private boolean asRun;
    private UnaryOperator<AuditWriter> wrapWriter = UnaryOperator.identity();

    PipelineBuilder(Assembly assembly, TableConfig table, RuleSet rules) {
        this.assembly = assembly;
        this.table = table;
        this.rules = rules;
    }

    /** Receives what each batch stored (the daemon's metrics). */
    public PipelineBuilder observer(PipelineObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /**
     * Queues the alerts of newly stored findings to {@code alerts} (the daemon's started dispatcher). The
     * last of this and {@link #alertsToLogOnOwnThread} wins.
     */
    public PipelineBuilder alertsTo(AlertQueue alerts) {
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.logDispatcher = false;
        return this;
    }

    /**
     * Starts, at {@link #build}, a dispatcher thread that sends the alerts of newly stored findings to the
     * log only, without resuming older pending ones (demo, benchmarks, tests); closing the pipeline stops it.
     */
    public PipelineBuilder alertsToLogOnOwnThread() {
        this.alerts = AlertQueue.NONE;
        this.logDispatcher = true;
        this.asRun = false;
        return this;
    }

    /**
     * Starts, at {@link #build}, a dispatcher thread as {@code run} has one: the configured sinks, and alerts beyond
     * the dispatcher's bound left pending in the outbox for its resumer rather than holding the pipeline back (the
     * throughput benchmark); closing the pipeline stops it.
     */
    public PipelineBuilder alertsAsRunOnOwnThread() {
        this.alerts = AlertQueue.NONE;
        this.logDispatcher = true;
        this.asRun = true;
        return this;
    }

    /** Wraps the audit writer, e.g. by a benchmark that times the writes or replay that collects findings. */
    public PipelineBuilder wrapWriter(UnaryOperator<AuditWriter> wrapWriter) {
        this.wrapWriter = Objects.requireNonNull(wrapWriter, "wrapWriter");
        return this;
    }

    public AuditPipeline build() {
        AuditWriter store = assembly.online() ? assembly.auditWriter() : findings -> new WriteReport(findings, 0);
        AlertQueue queue = alerts;
        if (logDispatcher) {
            AlertDispatcher dispatcher = assembly.dispatcher(
                    asRun ? assembly.configuredSinks() : List.of(new LogAlertSink("log")), DeliveryListener.NONE);
            queue = dispatcher.start(asRun);
        }
        return new AuditPipeline(
                assembly.engine(table, rules),
                wrapWriter.apply(store),
                queue,
                assembly.alertThreshold(),
                observer,
                assembly.streamGapCheck(table, rules),
                assembly.staleBaseCheck(table, rules),
                assembly.redaction());
    }
}
