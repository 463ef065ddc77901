package dev.driftwatch.reconcile;

import dev.driftwatch.audit.AuditWriter;
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
 * Compares the watched table, scanned in parallel segments, with the stream-gap state: the last image
 * the audit trail saw of each item. Three kinds of DRIFT:
 *
 * <ul>
 *   <li>never seen: the item is in the table, the trail has no record of it;
 *   <li>behind: the item's version is lower than the last version seen (a restore, a write around);
 *   <li>changed: the item differs from the last image seen, with no record of the change.
 * </ul>
 *
 * A difference can also be a change the daemon has not read yet, so every candidate is read again
 * after {@code settle}; only differences that remain, with the item unchanged since the scan, are
 * reported. Finding ids depend on the item, its content and the day (UTC): rerunning the same day (after
 * an interruption) stores nothing twice.
 */
public final class Reconciler {
    public static final String RULE_ID = "reconcile";

    private final DynamoDbClient dynamoDb;
    private final TableConfig table;
    private final ItemStateStore states;
    private final AuditWriter writer;
    private final Redaction redaction;
    private final Clock clock;

    public Reconciler(
            DynamoDbClient dynamoDb,
            TableConfig table,
            ItemStateStore states,
            AuditWriter writer,
            Clock clock,
            Redaction redaction) {
        this.redaction = redaction;
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.states = states;
        this.writer = writer;
        this.clock = clock;
    }

    /** What a reconcile scanned and found. */
    public record Report(long scanned, List<Finding> findings, long settled) {
        public Report {
            findings = List.copyOf(findings);
        }
    }

    private record Candidate(String itemKey, Map<String, AttributeValue> item, String digest, String reason) {}

    public Report run(int segments, Duration settle, Consumer<String> progress) throws InterruptedException {
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
                            scanned,
                            candidates,
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
            List<Candidate> confirmed = new ArrayList<>();
            for (Candidate candidate : remaining) {
                Optional<Candidate> still = recheck(candidate);
                if (still.isPresent()) {
                    confirmed.add(still.get());
                } else {
                    settled++;
                }
            }
            remaining = confirmed;
        }
        List<Finding> findings = new ArrayList<>();
        for (Candidate candidate : remaining) {
            findings.add(redaction.apply(finding(candidate)));
        }
        for (int from = 0; from < findings.size(); from += 25) {
            writer.write(findings.subList(from, Math.min(findings.size(), from + 25)));
        }
        return new Report(scanned.get(), findings, settled);
    }

    private void scanSegment(
            int segment, int segments, AtomicLong scanned, Map<String, Candidate> candidates, Runnable onPage) {
        for (ScanResponse page : dynamoDb.scanPaginator(b -> b.tableName(table.name())
                .segment(segment)
                .totalSegments(segments)
                .consistentRead(true))) {
            Map<String, Map<String, AttributeValue>> items = new HashMap<>();
            for (Map<String, AttributeValue> item : page.items()) {
                items.put(itemKey(item), item);
            }
            Map<String, ItemState> known = states.load(table.name(), items.keySet());
            for (Map.Entry<String, Map<String, AttributeValue>> entry : items.entrySet()) {
                compare(entry.getKey(), entry.getValue(), Optional.ofNullable(known.get(entry.getKey())))
                        .ifPresent(candidate -> candidates.put(candidate.itemKey(), candidate));
            }
            scanned.addAndGet(page.count());
            onPage.run();
        }
    }

    private Optional<Candidate> compare(String itemKey, Map<String, AttributeValue> item, Optional<ItemState> state) {
        String digest = ImageDigest.of(item);
        if (state.isEmpty()) {
            return Optional.of(new Candidate(
                    itemKey, item, digest, "item is in the table but the audit trail never saw a record of it"));
        }
        ItemState last = state.get();
        if (last.imageDigest().equals(digest)) {
            return Optional.empty();
        }
        if (ImageDigest.ABSENT.equals(last.imageDigest())) {
            return Optional.of(new Candidate(
                    itemKey,
                    item,
                    digest,
                    "item is in the table but the audit trail last saw it " + "removed (sequence "
                            + last.sequenceNumber() + "): its re-creation is missing from the stream"));
        }
        Optional<BigDecimal> version = Optional.ofNullable(
                        item.get(table.attributes().version()))
                .filter(v -> v.n() != null)
                .map(v -> new BigDecimal(v.n()));
        if (version.isPresent()
                && last.version().isPresent()
                && version.get().compareTo(last.version().get()) < 0) {
            return Optional.of(new Candidate(
                    itemKey,
                    item,
                    digest,
                    "version " + version.get().toPlainString()
                            + " is behind the last version seen, "
                            + last.version().get().toPlainString() + " (sequence "
                            + last.sequenceNumber() + "): the item was restored or written around the stream"));
        }
        return Optional.of(new Candidate(
                itemKey,
                item,
                digest,
                "item differs from the last image the audit trail saw"
                        + " (sequence " + last.sequenceNumber()
                        + last.version()
                                .map(v -> ", version " + v.toPlainString())
                                .orElse("")
                        + "): changed without a stream record"));
    }

    /** The candidate if it still differs and the item has not changed since the scan. */
    private Optional<Candidate> recheck(Candidate candidate) {
        Map<String, AttributeValue> key = keyOf(candidate.item());
        Map<String, AttributeValue> now = dynamoDb.getItem(
                        b -> b.tableName(table.name()).key(key).consistentRead(true))
                .item();
        if (now == null || now.isEmpty() || !ImageDigest.of(now).equals(candidate.digest())) {
            return Optional.empty(); // changed or removed meanwhile: its record is still on its way
        }
        Optional<ItemState> state = Optional.ofNullable(
                states.load(table.name(), List.of(candidate.itemKey())).get(candidate.itemKey()));
        return compare(candidate.itemKey(), now, state);
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

    private Finding finding(Candidate candidate) {
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
                .newImage(candidate.item())
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
