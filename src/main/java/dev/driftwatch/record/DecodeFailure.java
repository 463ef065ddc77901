package dev.driftwatch.record;

import java.util.Optional;

/** A stream record that could not be decoded into a {@link ChangeRecord}; it becomes an INPUT finding. */
public record DecodeFailure(
        String table, String shardId, Optional<String> sequenceNumber, Optional<String> itemKey, String reason) {}
