package dev.driftwatch.record;

import java.time.Instant;
import java.util.Optional;

/**
 * A stream record that could not be decoded into a {@link ChangeRecord}; it becomes an INPUT finding.
 * Everything here comes from the record, never from the clock, so that a redelivered or retried record
 * yields the same audit row.
 *
 * @param approximateCreationTime the record's, or {@link Instant#EPOCH} when it carries none
 */
public record DecodeFailure(
        String table,
        String shardId,
        Optional<String> sequenceNumber,
        Optional<String> itemKey,
        Instant approximateCreationTime,
        String reason) {}
