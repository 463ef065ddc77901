package dev.driftwatch.app;

import dev.driftwatch.audit.AuditImages;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.cost.Purposes;
import dev.driftwatch.streamgap.DynamoDbItemStateStore;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the cost meter needs to know of a configuration to tell why each call was made. */
final class Metering {
    private Metering() {}

    static Purposes purposes(DriftwatchConfig config) {
        return new Purposes(
                config.table().name(),
                config.audit().table(),
                config.consumer().application(),
                AuditTable.PK,
                Map.of(
                        AuditImages.PARTITION_PREFIX, Purposes.IMAGES,
                        CoverageLedger.PARTITION_PREFIX, Purposes.COVERAGE,
                        DynamoDbItemStateStore.PARTITION_PREFIX, Purposes.STREAM_GAP_STATE),
                Set.of(AuditTable.PENDING_ALERTS_INDEX),
                List.of(
                        new Purposes.IndexKeys(AuditTable.BY_RULE_INDEX, AuditTable.RULE_DAY, AuditTable.DETECTED_AT),
                        new Purposes.IndexKeys(
                                AuditTable.PENDING_ALERTS_INDEX,
                                AuditTable.ALERT_PENDING,
                                AuditTable.ALERT_QUEUED_AT)));
    }
}
