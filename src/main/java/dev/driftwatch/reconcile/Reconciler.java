package dev.driftwatch.reconcile;

import dev.driftwatch.audit.AuditWriter;
import dev.driftwatch.audit.CoverageLedger;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.FindingId;
import dev.driftwatch.finding.Redaction;
import dev.driftwatch.record.ItemKeys;
import dev.driftwatch.streamgap.ImageDigest;
import dev.driftwatch.streamgap.ItemState;
import dev.driftwatch.streamgap.ItemStateStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Compares the watched table, scanned in parallel segments, with the durable stream-gap state: the last image
 * the audit trail saw of each item ({@code audit.streamGapState: durable}). An item the trail has never seen is
 * not drift the first time: the first reconcile of a table (or one run as a baseline) adopts it, storing its
 * current image as its state, and counts it. After that baseline, three kinds of DRIFT:
 *
 * <ul>
 *   <li>never seen: the item is in the table, neither the trail nor the baseline has it (created behind the
 *       stream's back);
 *   <li>behind: the item's version is lower than the last version seen (a restore, a write around);
 *   <li>changed: the item differs from the last image seen, with no record of the change.
 * </ul>
 *
 * Memory stays bounded on any table: pages are compared as they come, adopted items are stored page by page, and
 * a difference is held as its key and digest only, at most {@value #MAX_DIFFERENCES} of them.
 *
 * A difference can also be a change the daemon has not read yet, so every candidate is read again
 * after {@code settle}; only differences that remain, with the item unchanged since the scan, are
 * reported. Finding ids depend on the item, its content and the day (UTC): rerunning the same day (after
 * an interruption) stores nothing twice.
 */
public final class Reconciler {
    public static final String RULE_ID = "reconcile";

    /** Differences held for the second reading, at most: past it, a table has diverged wholesale (a restore). */
    static final int MAX_DIFFERENCES = 100_000;

    private final DynamoDbClient dynamoDb;
    private final TableConfig table;
    private final ItemStateStore states;
    private final CoverageLedger ledger;
    private final AuditWriter writer;
    private final Redaction redaction;
    private final Clock clock;

    public Reconciler(
            DynamoDbClient dynamoDb,
            TableConfig table,
            ItemStateStore states,
            CoverageLedger ledger,
            AuditWriter writer,
            Clock clock,
            Redaction redaction) {
        this.ledger = ledger;
        this.redaction = redaction;
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.states = states;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * What a reconcile scanned and found.
     *
     * @param adopted items never seen, adopted as the baseline (no finding)
     * @param rebased items seen, but different now, whose state a baseline taken anew replaced (no finding)
     * @param baseline when the table's baseline was taken: by this run, or an earlier one
     * @param notHeld differences past {@value #MAX_DIFFERENCES}, counted but neither read again nor stored
     */
    public record Report(
            long scanned,
            List<Finding> findings,
            long settled,
            long adopted,
            long rebased,
            Instant baseline,
            long notHeld) {
        public Report {
            findings = List.copyOf(findings);
        }
    }

    private record Candidate(String itemKey, Map<String, AttributeValue> key, String digest, String reason) {}

    /** A reconcile; the first of a table takes its baseline. */
    public Report run(int segments, Duration settle, Consumer<String> progress) throws InterruptedException {
        return run(segments, settle, false, progress);
    }

    /**
     * A reconcile that takes the baseline when the table has none yet: items never seen are adopted, not reported.
     * With {@code takeBaseline} the baseline is taken anew: every item, seen or not, is adopted as it is now (after a
     * switch to the durable state, or once a wholesale difference is understood), and nothing is reported.
     */
    public Report run(int segments, Duration settle, boolean takeBaseline, Consumer<String> progress)
            throws InterruptedException {
        Optional<Instant> earlier = ledger.baseline();
        boolean adopting = takeBaseline || earlier.isEmpty();
        Instant startedAt = clock.instant();
        AtomicLong adopted = new AtomicLong();
        AtomicLong rebased = new AtomicLong();
        AtomicLong notHeld = new AtomicLong();
        long estimate =
                dynamoDb.describeTable(b -> b.tableName(table.name())).table().itemCount();
        AtomicLong scanned = new AtomicLong();
        AtomicLong segmentsDone = new AtomicLong();
        Map<String, Candidate> candidates = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(segments, runnable -> {
            Thread thread = new Thread(runnable, "reconcile-segment");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                int current = segment;
                running.add(pool.submit(() -> {
                    scanSegment(
                            current,
                            segments,
                            adopting ? Optional.of(adopted) : Optional.empty(),
                            takeBaseline ? Optional.of(rebased) : Optional.empty(),
                            earlier,
                            scanned,
                            candidates,
                            notHeld,
                            () -> progress.accept(
                                    bar(scanned.get(), estimate, segmentsDone.get(), segments, candidates.size())));
                    segmentsDone.incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException cause) {
                        throw cause;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        progress.accept(bar(scanned.get(), Math.max(estimate, scanned.get()), segments, segments, candidates.size()));
        long settled = 0;
        List<Candidate> remaining = new ArrayList<>(candidates.values());
        if (!remaining.isEmpty() && !settle.isZero()) {
            progress.accept("reconcile: " + remaining.size() + " differences; reading them again in "
                    + settle.toSeconds() + " s, after the daemon had time to read pending records");
            Thread.sleep(settle.toMillis());
        }
        List<Finding> batch = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Candidate candidate : remaining) {
            // Read again in any case: the item (up to 400 KB) was not held, and may have changed meanwhile.
            Optional<Map.Entry<Candidate, Map<String, AttributeValue>>> still = recheck(candidate, earlier);
            if (still.isEmpty()) {
                settled++;
                continue;
            }
            Finding finding =
                    redaction.apply(finding(still.get().getKey(), still.get().getValue()));
            batch.add(finding);
            findings.add(finding);
            if (batch.size() == 25) {
                writer.write(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            writer.write(batch);
        }
        Instant baseline = earlier.orElse(startedAt);
        if (adopting) {
            ledger.baselineTaken(startedAt, adopted.get());
            baseline = startedAt;
        }
        return new Report(scanned.get(), findings, settled, adopted.get(), rebased.get(), baseline, notHeld.get());
    }

    private void scanSegment(
            int segment,
            int segments,
            Optional<AtomicLong> adopting,
            Optional<AtomicLong> rebasing,
            Optional<Instant> baseline,
            AtomicLong scanned,
            Map<String, Candidate> candidates,
            AtomicLong notHeld,
            Runnable onPage) {
        for (ScanResponse page : dynamoDb.scanPaginator(b -> b.tableName(table.name())
                .segment(segment)
                .totalSegments(segments)
                .consistentRead(true))) {
            Map<String, Map<String, AttributeValue>> items = new HashMap<>();
            for (Map<String, AttributeValue> item : page.items()) {
                items.put(itemKey(item), item);
            }
            Map<String, ItemState> known = states.load(table.name(), items.keySet());
            List<ItemState> adopted = new ArrayList<>();
            List<ItemState> rebased = new ArrayList<>();
            for (Map.Entry<String, Map<String, AttributeValue>> entry : items.entrySet()) {
                ItemState state = known.get(entry.getKey());
                if (state == null && adopting.isPresent()) {
                    adopted.add(baselineState(entry.getKey(), entry.getValue()));
                    continue;
                }
                if (state != null
                        && rebasing.isPresent()
                        && !state.imageDigest().equals(ImageDigest.of(entry.getValue()))) {
                    rebased.add(baselineState(entry.getKey(), entry.getValue()));
                    continue;
                }
                compare(entry.getKey(), entry.getValue(), Optional.ofNullable(state), baseline)
                        .ifPresent(candidate -> {
                            if (candidates.size() < MAX_DIFFERENCES) {
                                candidates.put(candidate.itemKey(), candidate);
                            } else {
                                notHeld.incrementAndGet();
                            }
                        });
            }
            if (!rebased.isEmpty()) {
                states.replace(table.name(), rebased);
                rebasing.get().addAndGet(rebased.size());
            }
            if (!adopted.isEmpty()) {
                // A state stored meanwhile by the daemon (a record of the item) is newer: the baseline gives way.
                int refused = states.advance(table.name(), adopted).size();
                adopting.get().addAndGet(adopted.size() - refused);
            }
            scanned.addAndGet(page.count());
            onPage.run();
        }
    }

    private ItemState baselineState(String itemKey, Map<String, AttributeValue> item) {
        return new ItemState(itemKey, ItemState.BASELINE_SEQUENCE, ImageDigest.of(item), version(item));
    }

    private Optional<BigDecimal> version(Map<String, AttributeValue> item) {
        return Optional.ofNullable(item.get(table.attributes().version()))
                .filter(v -> v.n() != null)
                .map(v -> new BigDecimal(v.n()));
    }

    private Optional<Candidate> compare(
            String itemKey, Map<String, AttributeValue> item, Optional<ItemState> state, Optional<Instant> baseline) {
        String digest = ImageDigest.of(item);
        Map<String, AttributeValue> key = keyOf(item);
        if (state.isEmpty()) {
            return Optional.of(new Candidate(
                    itemKey,
                    key,
                    digest,
                    "item is in the table but neither the audit trail nor the baseline of "
                            + baseline.map(Instant::toString).orElse("this reconcile")
                            + " has it: created without a stream record"));
        }
        ItemState last = state.get();
        if (last.imageDigest().equals(digest)) {
            return Optional.empty();
        }
        String seen = last.isBaseline()
                ? "the baseline of " + baseline.map(Instant::toString).orElse("an earlier reconcile")
                : "sequence " + last.sequenceNumber();
        if (ImageDigest.ABSENT.equals(last.imageDigest())) {
            return Optional.of(new Candidate(
                    itemKey,
                    key,
                    digest,
                    "item is in the table but the audit trail last saw it " + "removed (sequence "
                            + last.sequenceNumber() + "): its re-creation is missing from the stream"));
        }
        Optional<BigDecimal> version = version(item);
        if (version.isPresent()
                && last.version().isPresent()
                && version.get().compareTo(last.version().get()) < 0) {
            return Optional.of(new Candidate(
                    itemKey,
                    key,
                    digest,
                    "version " + version.get().toPlainString()
                            + " is behind the last version seen, "
                            + last.version().get().toPlainString() + " (" + seen
                            + "): the item was restored or written around the stream"));
        }
        return Optional.of(new Candidate(
                itemKey,
                key,
                digest,
                "item differs from the last image the audit trail saw"
                        + " (" + seen
                        + last.version()
                                .map(v -> ", version " + v.toPlainString())
                                .orElse("")
                        + "): changed without a stream record"));
    }

    /** The candidate and the item, if it still differs and has not changed since the scan. */
    private Optional<Map.Entry<Candidate, Map<String, AttributeValue>>> recheck(
            Candidate candidate, Optional<Instant> baseline) {
        Map<String, AttributeValue> now = dynamoDb.getItem(
                        b -> b.tableName(table.name()).key(candidate.key()).consistentRead(true))
                .item();
        if (now == null || now.isEmpty() || !ImageDigest.of(now).equals(candidate.digest())) {
            return Optional.empty(); // changed or removed meanwhile: its record is still on its way
        }
        Optional<ItemState> state = Optional.ofNullable(
                states.load(table.name(), List.of(candidate.itemKey())).get(candidate.itemKey()));
        return compare(candidate.itemKey(), now, state, baseline).map(still -> Map.entry(still, now));
    }

    private String itemKey(Map<String, AttributeValue> item) {
        return ItemKeys.render(keyOf(item), table.key(), table.sortKey());
    }

    /** The item's primary key attributes. */
    private Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(table.key(), item.get(table.key()));
        table.sortKey().ifPresent(sort -> key.put(sort, item.get(sort)));
        return key;
    }

    private Finding finding(Candidate candidate, Map<String, AttributeValue> item) {
        // Deterministic within a day: a rerun stores nothing twice; a difference still there on a later day is
        // reported again that day.
        Instant now = clock.instant();
        Instant day = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        String sequence = "reconcile:" + day.toString().substring(0, 10) + ":" + candidate.digest();
        return Finding.builder()
                .id(FindingId.of(table.name(), candidate.itemKey() + "#" + sequence, RULE_ID))
                .ruleId(RULE_ID)
                .severity(FindingClass.DRIFT.defaultSeverity())
                .findingClass(FindingClass.DRIFT)
                .table(table.name())
                .itemKey(candidate.itemKey())
                .eventName("SCAN")
                .sequenceNumber(sequence)
                .shardId("reconcile")
                .approximateCreationTime(day)
                .detectedAt(now)
                .message(candidate.reason())
                .newImage(item)
                .build();
    }

    static String bar(long scanned, long estimate, long segmentsDone, int segments, int differences) {
        int percent =
                estimate <= 0 ? (segmentsDone == segments ? 100 : 0) : (int) Math.min(100, scanned * 100 / estimate);
        int filled = percent / 5;
        return String.format(
                "reconcile: [%s%s] %3d%% %,d items, segments %d/%d, %d differences",
                "#".repeat(filled), ".".repeat(20 - filled), percent, scanned, segmentsDone, segments, differences);
    }
}
