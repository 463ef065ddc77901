package dev.driftwatch.cost;

import dev.driftwatch.validation.Require;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Why a call was made, told from the table it names and the keys it touches: the lease tables' writes are
 * renewals and checkpoints, the audit table's rows are findings, images, coverage ledger or stream-gap state by
 * the prefix of their partition key, the watched table is read by reconcile.
 *
 * @param watchedTable the table audited
 * @param auditTable the audit table
 * @param application the KCL application: its lease table and KCL's own tables start with it
 * @param auditPartitionKey the audit table's partition key attribute
 * @param auditRowPrefixes partition key prefix → purpose; other rows are findings
 * @param alertIndexes indexes of the audit table that the alert outbox reads
 * @param auditIndexes the audit table's global secondary indexes (a write that sets their keys writes them too)
 */
public record Purposes(
        String watchedTable,
        String auditTable,
        String application,
        String auditPartitionKey,
        Map<String, String> auditRowPrefixes,
        Set<String> alertIndexes,
        List<IndexKeys> auditIndexes) {
    public static final String LEASES = "leases";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String FINDINGS = "findings";
    public static final String IMAGES = "images";
    public static final String COVERAGE = "coverage";
    public static final String STREAM_GAP_STATE = "stream-gap-state";
    public static final String ALERTS = "alerts";
    public static final String QUERIES = "queries";
    public static final String STREAM_READS = "stream-reads";
    public static final String EMPTY_POLLS = "empty-polls";
    public static final String RECONCILE = "reconcile";
    public static final String CONTROL = "control";
    public static final String OTHER = "other";

    /** What grows with time rather than with records: lease renewals, polls that found nothing, control calls. */
    public static final Set<String> PER_TIME = Set.of(LEASES, EMPTY_POLLS, CONTROL);

    /** A global secondary index's key attributes. */
    public record IndexKeys(String name, String hashKey, String rangeKey) {}

    public Purposes {
        Require.notBlank("watchedTable", watchedTable);
        Require.notBlank("auditTable", auditTable);
        Require.notBlank("application", application);
        auditRowPrefixes = Map.copyOf(auditRowPrefixes);
        alertIndexes = Set.copyOf(alertIndexes);
        auditIndexes = List.copyOf(auditIndexes);
    }

    /** KCL's three tables of the application: the lease table, its coordinator state, its workers' metrics. */
    public boolean isLeaseTable(String table) {
        return !table.equals(auditTable)
                && !table.equals(watchedTable)
                && (table.equals(application)
                        || table.equals(application + "-CoordinatorState")
                        || table.equals(application + "-WorkerMetricStats"));
    }

    /** The purpose of a write or key read of the row {@code key} (or whole item) of {@code table}. */
    public String ofRow(String table, Map<String, AttributeValue> key) {
        if (table.equals(auditTable)) {
            AttributeValue partition = key == null ? null : key.get(auditPartitionKey);
            if (partition != null && partition.s() != null) {
                for (Map.Entry<String, String> prefix : auditRowPrefixes.entrySet()) {
                    if (partition.s().startsWith(prefix.getKey())) {
                        return prefix.getValue();
                    }
                }
            }
            return FINDINGS;
        }
        if (isLeaseTable(table)) {
            return LEASES;
        }
        return table.equals(watchedTable) ? RECONCILE : OTHER;
    }

    /** The purpose of an update: a lease row that moves the checkpoint, a finding row's alert state, or as rows. */
    public String ofUpdate(String table, Map<String, AttributeValue> key, String touchedAttributes) {
        if (isLeaseTable(table)) {
            return touchedAttributes.contains("checkpoint") ? CHECKPOINTS : LEASES;
        }
        String row = ofRow(table, key);
        return row.equals(FINDINGS) && table.equals(auditTable) ? ALERTS : row;
    }

    /** The purpose of a Query or Scan, by its index and the values of its key condition. */
    public String ofQuery(String table, String index, Map<String, AttributeValue> values) {
        if (table.equals(auditTable)) {
            if (index != null && alertIndexes.contains(index)) {
                return ALERTS;
            }
            for (AttributeValue value : values == null ? List.<AttributeValue>of() : values.values()) {
                for (Map.Entry<String, String> prefix : auditRowPrefixes.entrySet()) {
                    if (value.s() != null && value.s().startsWith(prefix.getKey())) {
                        return prefix.getValue();
                    }
                }
            }
            return QUERIES;
        }
        if (isLeaseTable(table)) {
            return LEASES;
        }
        return table.equals(watchedTable) ? RECONCILE : OTHER;
    }
}
