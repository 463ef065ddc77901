package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An audit writer over a map keyed by finding id, idempotent like the DynamoDB one, for unit tests of
 * the pipeline and the processor. It can be told to fail its next calls.
 */
public final class InMemoryAuditWriter implements AuditWriter {
    private final Map<String, Finding> stored = new LinkedHashMap<>();
    private int failuresLeft;
    private int partialFailuresLeft;
    private int calls;

    public synchronized void failNext(int times) {
        failuresLeft = times;
    }

    /** The next calls store the first finding of the batch, then fail. */
    public synchronized void failNextAfterFirst(int times) {
        partialFailuresLeft = times;
    }

    public synchronized List<Finding> stored() {
        return List.copyOf(stored.values());
    }

    public synchronized int calls() {
        return calls;
    }

    @Override
    public synchronized WriteReport write(List<Finding> findings) {
        calls++;
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new AuditWriteException("injected failure", new RuntimeException("throttled"));
        }
        List<Finding> written = new ArrayList<>();
        if (partialFailuresLeft > 0 && !findings.isEmpty()) {
            partialFailuresLeft--;
            if (stored.putIfAbsent(findings.get(0).id(), findings.get(0)) == null) {
                written.add(findings.get(0));
            }
            throw new AuditWriteException("injected partial failure", new RuntimeException("timeout"), written);
        }
        int present = 0;
        for (Finding finding : findings) {
            if (stored.putIfAbsent(finding.id(), finding) == null) {
                written.add(finding);
            } else {
                present++;
            }
        }
        return new WriteReport(written, present);
    }
}
