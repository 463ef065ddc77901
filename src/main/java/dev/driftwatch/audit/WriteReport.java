package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.List;

/** What a batch write did: the findings stored now, and how many were already there (replays). */
public record WriteReport(List<Finding> written, int alreadyPresent) {
    public WriteReport {
        written = List.copyOf(written);
    }

    public static final WriteReport EMPTY = new WriteReport(List.of(), 0);
}
