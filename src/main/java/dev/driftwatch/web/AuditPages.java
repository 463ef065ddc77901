package dev.driftwatch.web;

import dev.driftwatch.audit.AuditImages;
import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.audit.FindingQuery;
import dev.driftwatch.audit.FindingSearch;
import dev.driftwatch.audit.FindingSummary;
import dev.driftwatch.audit.ImagesUnreadable;
import dev.driftwatch.audit.PageToken;
import dev.driftwatch.audit.StoredFinding;
import dev.driftwatch.config.AttributeNames;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingFormats;
import dev.driftwatch.finding.Redaction;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The web view's pages as models, from the audit table's keys and indexes (never a scan): the HTTP layer
 * ({@link WebServer}) only parses requests and renders these. Read-only: nothing here writes.
 */
public final class AuditPages implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditPages.class);
    public static final Duration OVERVIEW_WINDOW = Duration.ofHours(24);
    public static final Duration ITEM_WINDOW = Duration.ofDays(30);
    /** The overview queries each rule once per day of its window: longer windows are refused. */
    public static final Duration MAX_OVERVIEW_WINDOW = Duration.ofDays(31);
    /** The list, the export and an item's history: a window beyond a year and a month is refused. */
    public static final Duration MAX_WINDOW = Duration.ofDays(400);
    /** An item's history shows at most this many records; older ones need a narrower window. */
    public static final int MAX_ITEM_RECORDS = 100;
    /** An export holds at most this many findings; more is refused (the CLI lists any number). */
    public static final int MAX_EXPORT = 20_000;

    static final int PENDING_SHOWN = 1000;

    /** The parts the pages read. */
    public record Sources(
            String watchedTable,
            String auditTable,
            FindingSearch search,
            AuditImages images,
            Supplier<List<String>> knownRules,
            Supplier<List<CoverageLedger.Hole>> holes,
            IntFunction<Integer> pendingAlerts,
            AttributeNames attributes,
            List<String> sinkNames,
            Redaction redaction,
            Optional<String> configPath,
            Clock clock) {}

    /** The overview's queries run this many at a time: on DynamoDB they are independent partitions. */
    static final int OVERVIEW_PARALLELISM = 4;

    private final Sources sources;
    private final ExecutorService fanOut;

    public AuditPages(Sources sources) {
        this.sources = sources;
        AtomicInteger threads = new AtomicInteger();
        this.fanOut = Executors.newFixedThreadPool(OVERVIEW_PARALLELISM, runnable -> {
            Thread thread = new Thread(runnable, "driftwatch-ui-query-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void close() {
        fanOut.shutdownNow();
    }

    /** Each rule's findings summarized on the fan-out pool, into {@code overview} (guarded: one at a time). */
    private void summarize(FindingQuery query, Overview overview) {
        Consumer<FindingSummary> guarded = summary -> {
            synchronized (overview) {
                overview.accept(summary);
            }
        };
        List<Future<?>> parts = new ArrayList<>();
        for (String rule : query.ruleIds()) {
            parts.add(fanOut.submit(() -> sources.search().summaries(query.withRuleIds(List.of(rule)), guarded)));
        }
        try {
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (InterruptedException e) {
            parts.forEach(part -> part.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("the overview was interrupted");
        } catch (ExecutionException e) {
            parts.forEach(part -> part.cancel(true));
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Pages.Frame frame(String nav) {
        return new Pages.Frame(sources.watchedTable(), sources.auditTable(), nav);
    }

    public Pages.ErrorPage error(int status, String message) {
        return new Pages.ErrorPage(frame(""), status, message);
    }

    public Pages.OverviewPage overview(WebQuery query) {
        Window window = query.window(sources.clock(), OVERVIEW_WINDOW, MAX_OVERVIEW_WINDOW);
        WebQuery pinned = query.withPage(Optional.empty()).pinned(window);
        Overview overview = new Overview(window);
        summarize(findingQuery(query.withPage(Optional.empty()), window), overview);
        List<Pages.Count> rules = new ArrayList<>();
        for (Map.Entry<String, Long> rule : overview.rulesByCount()) {
            rules.add(new Pages.Count(
                    rule.getKey(),
                    rule.getValue(),
                    "/findings" + pinned.withRules(List.of(rule.getKey())).queryString()));
        }
        List<Pages.Count> items = new ArrayList<>();
        for (Map.Entry<String, Long> item : overview.topItems()) {
            items.add(new Pages.Count(
                    item.getKey(),
                    item.getValue(),
                    "/item" + pinned.withItem(Optional.of(item.getKey())).queryString()));
        }
        int pending = sources.pendingAlerts().apply(PENDING_SHOWN + 1);
        List<Pages.HoleRow> holes = new ArrayList<>();
        for (CoverageLedger.Hole hole : sources.holes().get()) {
            boolean beganBeforeTheEnd =
                    hole.from().map(from -> !from.isAfter(window.until())).orElse(true);
            if (hole.openAtOrAfter(window.since()) && beganBeforeTheEnd) {
                holes.add(new Pages.HoleRow(
                        hole.shardId(),
                        hole.from().map(Instant::toString).orElse(hole.afterSequence()),
                        hole.until().toString(),
                        hole.cause()));
            }
        }
        return new Pages.OverviewPage(
                frame("overview"),
                query,
                window,
                overview,
                BarChart.of(overview),
                rules,
                items,
                Math.min(pending, PENDING_SHOWN),
                pending > PENDING_SHOWN,
                holes,
                "/findings" + pinned.queryString());
    }

    public Pages.FindingsPage findings(WebQuery query) {
        Window window = query.window(sources.clock(), OVERVIEW_WINDOW, MAX_WINDOW);
        Iterator<Finding> matches = sources.search().find(findingQuery(query, window));
        List<Finding> listed = new ArrayList<>();
        Finding last = null;
        boolean more = false;
        while (matches.hasNext()) {
            Finding finding = matches.next();
            if (query.page().isPresent() && !query.page().get().precedes(finding)) {
                continue;
            }
            if (listed.size() == query.limit()) {
                more = true;
                break;
            }
            listed.add(finding);
            last = finding;
        }
        List<FindingRow> rows = redacted(listed).stream().map(FindingRow::of).toList();
        WebQuery pinned = query.pinned(window);
        Optional<String> next = more
                ? Optional.of("/findings"
                        + pinned.withPage(Optional.of(PageToken.after(last))).queryString())
                : Optional.empty();
        Optional<String> first = query.page().isPresent()
                ? Optional.of("/findings" + pinned.withPage(Optional.empty()).queryString())
                : Optional.empty();
        WebQuery export = pinned.withPage(Optional.empty());
        return new Pages.FindingsPage(
                frame("findings"),
                query,
                window,
                sources.knownRules().get(),
                rows,
                next,
                first,
                query.cliLine(Optional.empty(), sources.configPath(), window),
                "/findings.csv" + export.queryString(),
                "/findings.json" + export.queryString(),
                query.cliLine(Optional.of("csv"), sources.configPath(), window));
    }

    /**
     * The findings with the configured redaction applied again, as on a finding's page: a finding stored before
     * {@code audit.redact} named an attribute may quote its value in its message or writer. The values to mask are
     * in the record's images, read once per record on the page, and only when {@code audit.redact} names any.
     */
    private List<Finding> redacted(List<Finding> findings) {
        if (sources.redaction().attributes().isEmpty()) {
            return findings;
        }
        Map<String, Optional<Finding>> withImages = new HashMap<>();
        List<Finding> masked = new ArrayList<>();
        for (Finding finding : findings) {
            Optional<Finding> attached = withImages.computeIfAbsent(
                    finding.shardId() + "/" + finding.sequenceNumber(), record -> imagesOf(finding));
            masked.add(shown(finding, attached));
        }
        return masked;
    }

    /**
     * A finding as a page shows it: with its record's images (read once per record by {@link #imagesOf}), the
     * configured redaction applied again; without them, {@link #withoutImages}.
     */
    private Finding shown(Finding finding, Optional<Finding> recordImages) {
        return recordImages
                .map(images -> sources.redaction()
                        .apply(finding.toBuilder()
                                .oldImage(images.oldImage())
                                .newImage(images.newImage())
                                .build()))
                .orElseGet(() -> withoutImages(finding));
    }

    /** Findings of these events come from a stream record (or a reconcile scan) and were stored with images. */
    private static final Set<String> WITH_IMAGES = Set.of("INSERT", "MODIFY", "REMOVE", "SCAN");

    /**
     * The finding with its record's images, or empty when they cannot be read whole: a part gone or malformed, or
     * none left at all for a finding that was stored with them (TTL deletes each row on its own, the finding's row
     * may outlive its images' rows).
     */
    private Optional<Finding> imagesOf(Finding finding) {
        String unreadable;
        try {
            Finding attached = sources.images().attach(finding);
            if (!attached.oldImage().isEmpty()
                    || !attached.newImage().isEmpty()
                    || !WITH_IMAGES.contains(finding.eventName())) {
                return Optional.of(attached);
            }
            unreadable = "no image rows left";
        } catch (ImagesUnreadable e) {
            unreadable = String.valueOf(e.getMessage()).replace('"', '\'');
        }
        LOG.warn("event=ui_images_unreadable findingId={} message=\"{}\"", finding.id(), unreadable);
        return Optional.empty();
    }

    /**
     * A finding whose images cannot be read: as stored when nothing is to be redacted; otherwise nothing can be
     * masked, so the text that could quote a value is withheld, not shown.
     */
    private Finding withoutImages(Finding finding) {
        if (sources.redaction().attributes().isEmpty()) {
            return finding;
        }
        return finding.toBuilder()
                .message("(withheld: this record's images, needed to apply audit.redact, could not be read)")
                .writer(finding.writer().map(writer -> Redaction.MASK))
                .writeId(finding.writeId().map(writeId -> Redaction.MASK))
                .build();
    }

    /**
     * Every finding the query matches (its page token and limit ignored), newest first, up to
     * {@link #MAX_EXPORT}, as CSV or JSON lines: the bytes {@code driftwatch findings --format csv|json --limit 0}
     * prints for the same filters.
     */
    public void export(WebQuery query, boolean csv, Consumer<String> lines) {
        Window window = query.window(sources.clock(), OVERVIEW_WINDOW, MAX_WINDOW);
        Iterator<Finding> matches = sources.search().find(findingQuery(query.withPage(Optional.empty()), window));
        List<String> rows = new ArrayList<>();
        while (matches.hasNext()) {
            if (rows.size() == MAX_EXPORT) {
                throw new BadRequest("more than " + MAX_EXPORT + " findings match: narrow the filters or the window,"
                        + " or list them all with: "
                        + query.cliLine(Optional.of(csv ? "csv" : "json"), sources.configPath(), window));
            }
            Finding finding = matches.next();
            rows.add(csv ? FindingFormats.csvLine(finding) : FindingFormats.jsonLine(finding));
        }
        if (csv) {
            lines.accept(FindingFormats.csvHeader());
        }
        rows.forEach(lines);
    }

    public Optional<Pages.FindingPage> finding(String itemKey, String id) {
        Optional<StoredFinding> stored = sources.search().byId(sources.watchedTable(), itemKey, id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Finding finding = shown(stored.get().finding(), imagesOf(stored.get().finding()));
        StoredFinding withImages = new StoredFinding(
                finding, stored.get().alertState(), stored.get().sentTo());
        return Optional.of(new Pages.FindingPage(
                frame("findings"),
                withImages,
                FindingRow.of(finding),
                witness(finding),
                alerts(withImages),
                ImageDiff.of(finding.oldImage(), finding.newImage()),
                FindingRow.itemLink(itemKey)));
    }

    public Pages.ItemPage item(WebQuery query) {
        String itemKey = query.item().orElseThrow(() -> new BadRequest("item: which item? give its key as stored"));
        Window window = query.window(sources.clock(), ITEM_WINDOW, MAX_WINDOW);
        Iterator<Finding> matches = sources.search().find(findingQuery(query.withPage(Optional.empty()), window));
        Map<String, List<Finding>> byRecord = new LinkedHashMap<>();
        boolean truncated = false;
        while (matches.hasNext()) {
            Finding finding = matches.next();
            String record = finding.shardId() + "/" + finding.sequenceNumber();
            if (!byRecord.containsKey(record) && byRecord.size() == MAX_ITEM_RECORDS) {
                truncated = true;
                break;
            }
            byRecord.computeIfAbsent(record, r -> new ArrayList<>()).add(finding);
        }
        // The story in stream order: by the record's creation time, then its sequence number (records of one
        // batch share a detection time, so newest-first detection order cannot tell them apart).
        List<List<Finding>> ordered = new ArrayList<>(byRecord.values());
        ordered.sort(
                Comparator.comparing((List<Finding> findings) -> findings.get(0).approximateCreationTime())
                        .thenComparing(findings -> sequence(findings.get(0).sequenceNumber()))
                        .thenComparing(findings -> findings.get(0).sequenceNumber()));
        List<Pages.RecordView> records = new ArrayList<>();
        for (List<Finding> findings : ordered) {
            Optional<Finding> images = imagesOf(findings.get(0));
            Finding first = shown(findings.get(0), images);
            // Each finding of the record redacted against the record's images, which hold the values to mask.
            List<FindingRow> rows =
                    findings.stream().map(f -> FindingRow.of(shown(f, images))).toList();
            records.add(new Pages.RecordView(
                    first.sequenceNumber(),
                    first.approximateCreationTime().toString(),
                    first.eventName(),
                    first.writer().orElse(""),
                    first.writeId().orElse(""),
                    rows,
                    ImageDiff.of(first.oldImage(), first.newImage())));
        }
        return new Pages.ItemPage(
                frame("findings"),
                itemKey,
                window,
                records,
                truncated,
                query.cliLine(Optional.empty(), sources.configPath(), window));
    }

    /** A sequence number as a number (they are decimal digits, up to 40 of them); others sort first. */
    private static BigInteger sequence(String sequenceNumber) {
        return sequenceNumber.matches("\\d{1,64}") ? new BigInteger(sequenceNumber) : BigInteger.valueOf(-1);
    }

    private FindingQuery findingQuery(WebQuery query, Window window) {
        return query.findingQuery(sources.watchedTable(), sources.knownRules().get(), window);
    }

    /** The numbers the rule saw: quantities, delta, versions, lost units, read from the images by the table's names. */
    private List<Map.Entry<String, String>> witness(Finding finding) {
        AttributeNames names = sources.attributes();
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        addPair(rows, "quantity", finding, names.quantity());
        number(finding.newImage(), names.delta())
                .ifPresent(d -> rows.add(Map.entry("delta (" + names.delta() + ")", d)));
        addPair(rows, "version", finding, names.version());
        finding.lostUnits().ifPresent(units -> rows.add(Map.entry("lost units", units.toPlainString())));
        return rows;
    }

    private static void addPair(List<Map.Entry<String, String>> rows, String label, Finding finding, String name) {
        Optional<String> before = number(finding.oldImage(), name);
        Optional<String> after = number(finding.newImage(), name);
        if (before.isPresent() || after.isPresent()) {
            rows.add(Map.entry(label + " (" + name + ")", before.orElse("—") + " → " + after.orElse("—")));
        }
    }

    private static Optional<String> number(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(value.n() != null ? value.n() : AttributeText.of(value));
    }

    /** The alert's state per configured sink. */
    private List<Map.Entry<String, String>> alerts(StoredFinding stored) {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        if (stored.alertState().isEmpty()) {
            rows.add(Map.entry("alert", "none: below the alert threshold when stored"));
            return rows;
        }
        List<String> sinks = new ArrayList<>(sources.sinkNames());
        stored.sentTo().stream().filter(s -> !sinks.contains(s)).sorted().forEach(sinks::add);
        for (String sink : sinks) {
            String state = stored.sentTo().contains(sink)
                    ? "sent"
                    : stored.alertState().get().equals("SENT") ? "not sent (the alert is closed)" : "pending";
            rows.add(Map.entry(sink, state));
        }
        if (sinks.isEmpty()) {
            rows.add(Map.entry("alert", stored.alertState().get().toLowerCase(java.util.Locale.ROOT)));
        }
        return rows;
    }
}
