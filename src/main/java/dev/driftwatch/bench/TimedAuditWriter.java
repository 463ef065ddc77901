package dev.driftwatch.bench;

import dev.driftwatch.audit.AuditWriter;
import dev.driftwatch.audit.WriteReport;
import dev.driftwatch.finding.Finding;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps the audit writer to note, per item, when the write of its finding began and when it was
 * acknowledged (from then on a read of the audit table returns it). Keyed by the partition key.
 */
final class TimedAuditWriter implements AuditWriter {
    /** When the audit write of an item's finding began and ended (System.nanoTime). */
    record Stored(long writeStart, long writeEnd) {}

    private final AuditWriter delegate;
    private final String keyAttribute;
    private final Map<String, Stored> stored = new ConcurrentHashMap<>();

    TimedAuditWriter(AuditWriter delegate, String keyAttribute) {
        this.delegate = delegate;
        this.keyAttribute = keyAttribute;
    }

    @Override
    public WriteReport write(List<Finding> findings) {
        long start = System.nanoTime();
        WriteReport report = delegate.write(findings);
        long end = System.nanoTime();
        for (Finding finding : report.written()) {
            var key = finding.newImage().get(keyAttribute);
            if (key != null && key.s() != null) {
                stored.putIfAbsent(key.s(), new Stored(start, end));
            }
        }
        return report;
    }

    Stored stored(String key) {
        return stored.get(key);
    }

    int storedCount() {
        return stored.size();
    }
}
