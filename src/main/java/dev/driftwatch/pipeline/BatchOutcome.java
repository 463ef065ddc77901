package dev.driftwatch.pipeline;

/** What one batch did: records checked, findings stored now, findings that were already stored. */
public record BatchOutcome(int records, int findingsWritten, int findingsAlreadyPresent) {}
