package dev.driftwatch.demo;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditImages;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.config.UnstampedWriters;
import dev.driftwatch.consumer.StreamDaemon;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.pipeline.AuditPipeline;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.ruleset.RuleSet;
import dev.driftwatch.updater.ConditionalUpdater;
import dev.driftwatch.updater.ShardedCounter;
import dev.driftwatch.updater.TransactionOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The race: writers decrement a few hot items concurrently while the daemon audits the stream; then
 * the ground truth (what the writers meant, counting only writes that applied) is compared with the
 * table and with the audit table.
 */
public final class RaceDemo {
    /** The item of the unsafe-unstamped race that only the guarded conditional decrement writes. */
    static final String GUARDED_ITEM = "item-guarded";

    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final AwsClients clients;
    private final DriftwatchConfig baseConfig;
    private final Consumer<String> progress;

    public RaceDemo(AwsClients clients, DriftwatchConfig baseConfig, Consumer<String> progress) {
        this.clients = clients;
        this.baseConfig = baseConfig;
        this.progress = progress;
    }

    /** The watched table of a race in {@code mode}: the configured one, renamed, with what the mode needs. */
    public static TableConfig demoTable(TableConfig configured, String name, RaceMode mode) {
        TableConfig table = configured.withName(name).withShardedCounters(mode.sharded());
        if (mode == RaceMode.UNSAFE_UNSTAMPED) {
            // What the team would write in table.unstamped: every save sets updated_at and takes one from quantity.
            table = table.withUnstamped(new UnstampedWriters(
                    UnstampedWriter.MARKER, List.of(table.attributes().quantity()), List.of(BigDecimal.ONE.negate())));
        }
        return table;
    }

    public RaceReport run(RaceSettings settings) throws InterruptedException {
        // Two races started in the same millisecond (concurrent tests) must not share tables.
        String runId = RUN_ID.format(Instant.now()) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        TableConfig table = demoTable(baseConfig.table(), "demo-inventory-" + runId, settings.mode());
        DriftwatchConfig config = baseConfig
                .withTable(table)
                .withConsumer(baseConfig.consumer().withApplication("driftwatch-demo-" + runId));
        progress.accept("tables: creating " + table.name() + " (stream NEW_AND_OLD_IMAGES) and audit table "
                + config.audit().table());
        InventoryTable.create(clients.dynamoDb(), table);
        AuditTable.create(clients.dynamoDb(), config.audit().table());
        List<String> keys = seed(table, settings);

        // The built-in rules only: the user's rules files name the user's tables, never this one.
        Assembly assembly = Assembly.of(config, RuleSet.builtIn(table), clients);
        AuditPipeline pipeline = assembly.pipeline().alertsToLogOnOwnThread().build();
        StreamDaemon daemon = assembly.daemon(pipeline);
        long daemonStart = System.nanoTime();
        daemon.start();
        progress.accept("daemon: KCL scheduler started (application "
                + config.consumer().application() + ")");
        try {
            AtomicLongArray intended = new AtomicLongArray(keys.size());
            long raceStart = System.nanoTime();
            AtomicLong firstRecordAt = new AtomicLong(-1);
            Queue<UnstampedWriter.Write> log = new ConcurrentLinkedQueue<>();
            RaceTally tally = race(table, keys, settings, intended, log, pipeline, daemonStart, firstRecordAt);
            long raceMillis = millisSince(raceStart);

            // Every applied write changes the quantity, so it makes exactly one stream record; a
            // response lost after its write landed makes the SDK apply a plain adjust once more.
            long seedRecords = (long) keys.size() * (settings.mode().sharded() ? 1 + RaceMode.SHARDS : 1);
            // Writers that stamp nothing: a write that changed nothing (same quantity, same updated_at) left none.
            long expectedRecords = seedRecords
                    + tally.applied()
                    + (settings.mode() == RaceMode.UNSAFE_RETRY ? tally.responsesDropped() : 0)
                    - log.stream().filter(write -> !write.leftRecord()).count();
            long catchUpStart = System.nanoTime();
            awaitRecords(pipeline, expectedRecords, settings.catchUpTimeout(), daemonStart, firstRecordAt);
            long catchUpMillis = millisSince(catchUpStart);

            Map<String, Long> actual = actualLostUnits(table, keys, settings, intended);
            Accounting detected;
            Optional<UnstampedAccount> unstamped = Optional.empty();
            if (settings.mode() == RaceMode.UNSAFE_UNSTAMPED) {
                // Not every unit can be witnessed here: the writers' log says which should have been.
                long actualTotal =
                        actual.values().stream().mapToLong(Long::longValue).sum();
                Map<String, List<Finding>> found = findingsByItem(config, keys, settings.mode());
                UnstampedAccount account = unstampedAccount(config, found, log);
                for (int retry = 0; retry < 3 && !account.passed(actualTotal); retry++) {
                    Thread.sleep(1000); // as below: a redelivered record's findings may come a moment late
                    found = findingsByItem(config, keys, settings.mode());
                    account = unstampedAccount(config, found, log);
                }
                unstamped = Optional.of(account);
                detected = accounting(found); // the very findings the account was made of
            } else {
                detected = detected(config, keys, settings.mode());
                // KCL delivers at least once: a count reached through a redelivery can precede the last
                // record's findings by a moment. Re-read briefly before calling a mismatch.
                for (int retry = 0; retry < 10 && mismatched(actual, detected) > 0; retry++) {
                    Thread.sleep(1000);
                    detected = detected(config, keys, settings.mode());
                }
            }
            return new RaceReport(
                    new RaceReport.Setup(
                            settings.mode().label(), table.name(), settings.writers(), keys.size(), settings.ops()),
                    new RaceReport.Detection(
                            pipeline.stats().records(),
                            actual.values().stream().mapToLong(Long::longValue).sum(),
                            detected.lostUnitsByItem().values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum(),
                            mismatched(actual, detected),
                            detected.findingsByRule(),
                            detected.lostUpdateFindings(),
                            detected.duplicateWriteFindings()),
                    new RaceReport.WriterTally(
                            tally.responsesDropped(), settings.ops() - tally.applied(), tally.conflicts()),
                    new RaceReport.Timings(
                            firstRecordAt.get() < 0 ? -1 : firstRecordAt.get(), raceMillis, catchUpMillis),
                    unstamped);
        } finally {
            progress.accept("daemon: stopping (final checkpoint, leases released)");
            daemon.stop(Duration.ofSeconds(30));
            pipeline.close();
        }
    }

    private List<String> seed(TableConfig table, RaceSettings settings) {
        List<String> keys = new ArrayList<>();
        var names = table.attributes();
        for (int i = 0; i < settings.items(); i++) {
            keys.add(String.format("item-%04d", i));
        }
        if (settings.mode() == RaceMode.UNSAFE_UNSTAMPED) {
            keys.add(GUARDED_ITEM);
        }
        for (String key : keys) {
            if (settings.mode() == RaceMode.UNSAFE_UNSTAMPED) {
                dynamoPut(
                        table,
                        Map.of(
                                table.key(),
                                AttributeValue.fromS(key),
                                names.quantity(),
                                AttributeValue.fromN(Long.toString(settings.initialQuantity())),
                                UnstampedWriter.MARKER,
                                AttributeValue.fromS("seeded " + key)));
                continue;
            }
            if (settings.mode().sharded()) {
                TransactionOutcome created = SafeWriters.updater(clients.dynamoDb(), table, "seed")
                        .sharded(names.quantity(), false)
                        .create(key, BigDecimal.valueOf(settings.initialQuantity()), RaceMode.SHARDS);
                if (!(created instanceof TransactionOutcome.Committed)) {
                    throw new IllegalStateException("seeding sharded item " + key + " failed: " + created);
                }
                continue;
            }
            dynamoPut(
                    table,
                    Map.of(
                            table.key(), AttributeValue.fromS(key),
                            names.quantity(), AttributeValue.fromN(Long.toString(settings.initialQuantity())),
                            names.version(), AttributeValue.fromN(Long.toString(table.initialVersion())),
                            names.writeId(), AttributeValue.fromS("seed-" + key),
                            names.writer(), AttributeValue.fromS("seed")));
        }
        progress.accept("items: seeded " + keys.size() + " items with quantity " + settings.initialQuantity()
                + (settings.mode().sharded() ? ", each a sharded counter of " + RaceMode.SHARDS + " shards" : "")
                + (settings.mode() == RaceMode.UNSAFE_UNSTAMPED
                        ? " (" + GUARDED_ITEM + " written only by the guarded conditional decrement)"
                        : ""));
        return keys;
    }

    private void dynamoPut(TableConfig table, Map<String, AttributeValue> item) {
        clients.dynamoDb().putItem(b -> b.tableName(table.name()).item(item));
    }

    private record RaceTally(long applied, long conflicts, long responsesDropped) {}

    private RaceTally race(
            TableConfig table,
            List<String> keys,
            RaceSettings settings,
            AtomicLongArray intended,
            Queue<UnstampedWriter.Write> log,
            AuditPipeline pipeline,
            long daemonStart,
            AtomicLong firstRecordAt)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong applied = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(settings.writers());
        List<Future<?>> futures = new ArrayList<>();
        List<ConditionalUpdater> updaters = new ArrayList<>();
        LossyConnection lossy =
                settings.mode().losesResponses() ? LossyConnection.open(clients, table, progress) : null;
        for (int w = 0; w < settings.writers(); w++) {
            int share = settings.ops() / settings.writers() + (w < settings.ops() % settings.writers() ? 1 : 0);
            String name = settings.mode().label() + "-" + w;
            RaceWriter writer;
            if (settings.mode() == RaceMode.UNSAFE) {
                writer = new UnsafeWriter(clients.dynamoDb(), table, name);
            } else if (settings.mode() == RaceMode.UNSAFE_UNSTAMPED) {
                UnstampedWriter naive = new UnstampedWriter(clients.dynamoDb(), table, name, log);
                GuardedDecrement guarded = new GuardedDecrement(clients.dynamoDb(), table);
                writer = (itemKey, delta) ->
                        itemKey.equals(GUARDED_ITEM) ? guarded.adjust(itemKey, delta) : naive.adjust(itemKey, delta);
            } else if (settings.mode() == RaceMode.UNSAFE_SHARDED) {
                UnsafeWriter unsafe = new UnsafeWriter(clients.dynamoDb(), table, name);
                writer = (itemKey, delta) -> unsafe.adjust(
                        ShardedCounter.shardKey(
                                itemKey, ThreadLocalRandom.current().nextInt(RaceMode.SHARDS)),
                        delta);
            } else if (settings.mode() == RaceMode.SAFE_SHARDED) {
                ConditionalUpdater updater = SafeWriters.updater(clients.dynamoDb(), table, name);
                updaters.add(updater);
                ShardedCounter counter = updater.sharded(table.attributes().quantity(), false);
                writer = (itemKey, delta) -> counter.adjust(itemKey, BigDecimal.valueOf(delta), table.floor())
                        .isApplied();
            } else if (settings.mode().losesResponses()) {
                ConditionalUpdater updater = SafeWriters.updater(lossy.dynamoDb(), table, name, lossy.ledgerTable());
                updaters.add(updater);
                writer = settings.mode() == RaceMode.UNSAFE_RETRY
                        ? SafeWriters.plain(updater, table)
                        : SafeWriters.idempotent(updater, table, name);
            } else {
                ConditionalUpdater updater = SafeWriters.updater(clients.dynamoDb(), table, name);
                updaters.add(updater);
                writer = settings.mode() == RaceMode.SAFE_ATOMIC
                        ? SafeWriters.atomic(updater, table)
                        : SafeWriters.versioned(updater, table);
            }
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int op = 0; op < share; op++) {
                    int item = random.nextInt(keys.size());
                    // The seed's writers take one at a time; the others take one to three.
                    long delta = settings.mode() == RaceMode.UNSAFE_UNSTAMPED ? -1 : -(1 + random.nextInt(3));
                    if (writer.adjust(keys.get(item), delta)) {
                        intended.addAndGet(item, delta);
                        applied.incrementAndGet();
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        pool.shutdown();
        long lastReport = System.nanoTime();
        while (!pool.awaitTermination(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            noteFirstRecord(pipeline, daemonStart, firstRecordAt);
            if (millisSince(lastReport) >= 1000) {
                progress.accept("race: " + done.get() + "/" + settings.ops() + " "
                        + settings.mode().label() + " writes by " + settings.writers() + " writers");
                lastReport = System.nanoTime();
            }
        }
        long dropped = 0;
        try {
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a writer failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (lossy != null) {
                dropped = lossy.dropped();
                lossy.close();
            }
        }
        long conflicts = updaters.stream().mapToLong(u -> u.stats().conflicts()).sum();
        progress.accept("race: " + done.get() + "/" + settings.ops() + " "
                + settings.mode().label() + " writes done, "
                + applied.get() + " applied" + (updaters.isEmpty() ? "" : ", " + conflicts + " conflicts retried")
                + (lossy == null ? "" : ", " + dropped + " responses dropped after the write landed"));
        return new RaceTally(applied.get(), conflicts, dropped);
    }

    private void awaitRecords(
            AuditPipeline pipeline, long expected, Duration timeout, long daemonStart, AtomicLong firstRecordAt)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        long lastReport = 0;
        while (pipeline.stats().records() < expected) {
            noteFirstRecord(pipeline, daemonStart, firstRecordAt);
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "the consumer processed " + pipeline.stats().records() + " of " + expected + " records within "
                                + timeout.toSeconds() + " s");
            }
            boolean started = pipeline.stats().records() > 0;
            if (millisSince(lastReport) >= (started ? 1000 : 5000)) {
                progress.accept(
                        started
                                ? "consumer: " + pipeline.stats().records() + "/" + expected + " records audited, "
                                        + pipeline.stats().findingsWritten() + " findings stored"
                                : "consumer: waiting for KCL to take the stream's leases (a first start takes 20-60 s)");
                lastReport = System.nanoTime();
            }
            Thread.sleep(100);
        }
        noteFirstRecord(pipeline, daemonStart, firstRecordAt);
        progress.accept("consumer: " + pipeline.stats().records() + "/" + expected + " records audited, "
                + pipeline.stats().findingsWritten() + " findings stored");
    }

    private static void noteFirstRecord(AuditPipeline pipeline, long daemonStart, AtomicLong firstRecordAt) {
        if (firstRecordAt.get() < 0 && pipeline.stats().records() > 0) {
            firstRecordAt.compareAndSet(-1, millisSince(daemonStart));
        }
    }

    private Map<String, Long> actualLostUnits(
            TableConfig table, List<String> keys, RaceSettings settings, AtomicLongArray intended) {
        Map<String, Long> lost = new TreeMap<>();
        ShardedCounter counter = settings.mode().sharded()
                ? SafeWriters.updater(clients.dynamoDb(), table, "audit")
                        .sharded(table.attributes().quantity(), false)
                : null;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            long finalQuantity;
            if (settings.mode().sharded()) {
                finalQuantity = counter.read(key).orElseThrow().longValueExact();
            } else {
                Map<String, AttributeValue> item = InventoryTable.read(clients.dynamoDb(), table, key);
                finalQuantity =
                        Long.parseLong(item.get(table.attributes().quantity()).n());
            }
            lost.put(key, finalQuantity - (settings.initialQuantity() + intended.get(i)));
        }
        return lost;
    }

    private record Accounting(
            Map<String, Long> lostUnitsByItem,
            TreeMap<String, Long> findingsByRule,
            long lostUpdateFindings,
            long duplicateWriteFindings) {}

    /** Findings summed per item; for sharded counters, over the logical item's shards. */
    private Accounting detected(DriftwatchConfig config, List<String> keys, RaceMode mode) {
        return accounting(findingsByItem(config, keys, mode));
    }

    /** Each item's findings; for sharded counters, the logical item's and its shards'. */
    private Map<String, List<Finding>> findingsByItem(DriftwatchConfig config, List<String> keys, RaceMode mode) {
        AuditQueries queries = Assembly.of(config, clients).auditQueries();
        Map<String, List<Finding>> byItem = new TreeMap<>();
        for (String key : keys) {
            List<Finding> findings =
                    new ArrayList<>(queries.byItem(config.table().name(), key));
            for (int shard = 0; mode.sharded() && shard < RaceMode.SHARDS; shard++) {
                findings.addAll(queries.byItem(config.table().name(), ShardedCounter.shardKey(key, shard)));
            }
            byItem.put(key, findings);
        }
        return byItem;
    }

    /** Findings summed per item. */
    private static Accounting accounting(Map<String, List<Finding>> findingsByItem) {
        Map<String, Long> lost = new TreeMap<>();
        TreeMap<String, Long> byRule = new TreeMap<>();
        long lostUpdates = 0;
        long duplicates = 0;
        for (Map.Entry<String, List<Finding>> item : findingsByItem.entrySet()) {
            long units = 0;
            for (Finding finding : item.getValue()) {
                units += finding.lostUnits().map(BigDecimal::longValueExact).orElse(0L);
                byRule.merge(finding.ruleId(), 1L, Long::sum);
                if (finding.findingClass() == FindingClass.LOST_UPDATE) {
                    lostUpdates++;
                }
                if (finding.findingClass() == FindingClass.DUPLICATE_WRITE) {
                    duplicates++;
                }
            }
            lost.put(item.getKey(), units);
        }
        return new Accounting(lost, byRule, lostUpdates, duplicates);
    }

    /**
     * The findings of every item, those of counter-unchanged and stale-base with their images (their new image's
     * updated_at names the write), against the writers' log.
     */
    private UnstampedAccount unstampedAccount(
            DriftwatchConfig config, Map<String, List<Finding>> findingsByItem, Queue<UnstampedWriter.Write> log) {
        AuditImages images = new AuditImages(clients.dynamoDb(), config.audit().table());
        List<Finding> findings = new ArrayList<>();
        for (List<Finding> ofItem : findingsByItem.values()) {
            for (Finding finding : ofItem) {
                boolean inferred = finding.ruleId().equals(UnstampedAccounting.COUNTER_UNCHANGED)
                        || finding.ruleId().equals(BuiltInRules.STALE_BASE);
                findings.add(inferred ? images.attach(finding) : finding);
            }
        }
        return UnstampedAccounting.of(log, findings, GUARDED_ITEM);
    }

    private static int mismatched(Map<String, Long> actual, Accounting detected) {
        int count = 0;
        for (Map.Entry<String, Long> entry : actual.entrySet()) {
            if (!entry.getValue().equals(detected.lostUnitsByItem().getOrDefault(entry.getKey(), 0L))) {
                count++;
            }
        }
        return count;
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}
