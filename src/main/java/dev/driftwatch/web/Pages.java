package dev.driftwatch.web;

import dev.driftwatch.audit.StoredFinding;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models the templates render, one record per page; every value is text the template escapes. */
public final class Pages {
    private Pages() {}

    /** What every page shows in its header. */
    public record Frame(String watchedTable, String auditTable, String nav) {}

    public record OverviewPage(
            Frame frame,
            WebQuery query,
            Window window,
            Overview overview,
            BarChart chart,
            List<Count> rules,
            List<Count> topItems,
            long pendingAlerts,
            boolean pendingCapped,
            List<HoleRow> holes,
            String findingsLink) {}

    /** A count with the link to what it counts. */
    public record Count(String label, long count, String link) {}

    /** A coverage hole, as text. */
    public record HoleRow(String shard, String after, String until, String cause) {}

    public record FindingsPage(
            Frame frame,
            WebQuery query,
            Window window,
            List<String> knownRules,
            List<FindingRow> rows,
            Optional<String> nextLink,
            Optional<String> firstLink,
            String cliLine,
            String csvLink,
            String jsonLink,
            String csvCliLine) {}

    public record FindingPage(
            Frame frame,
            StoredFinding stored,
            FindingRow row,
            List<Map.Entry<String, String>> witness,
            List<Map.Entry<String, String>> alerts,
            ImageDiff diff,
            String itemLink) {}

    /** One stream record of an item: its findings and the diff of its images. */
    public record RecordView(
            String sequenceNumber,
            String at,
            String eventName,
            String writer,
            String writeId,
            List<FindingRow> findings,
            ImageDiff diff) {}

    public record ItemPage(
            Frame frame, String itemKey, Window window, List<RecordView> records, boolean truncated, String cliLine) {}

    public record ErrorPage(Frame frame, int status, String message) {}
}
