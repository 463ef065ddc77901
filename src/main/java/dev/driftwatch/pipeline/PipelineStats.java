package dev.driftwatch.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of a pipeline, readable from any thread. */
public final class PipelineStats {
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong findingsWritten = new AtomicLong();
    private final AtomicLong findingsAlreadyPresent = new AtomicLong();

    void add(BatchOutcome outcome) {
        records.addAndGet(outcome.records());
        findingsWritten.addAndGet(outcome.findingsWritten());
        findingsAlreadyPresent.addAndGet(outcome.findingsAlreadyPresent());
    }

    /** Records whose findings are durably stored (a redelivered record counts again). */
    public long records() {
        return records.get();
    }

    public long findingsWritten() {
        return findingsWritten.get();
    }

    public long findingsAlreadyPresent() {
        return findingsAlreadyPresent.get();
    }
}
