package dev.driftwatch.alert;

import dev.driftwatch.config.AlertsConfig;
import dev.driftwatch.finding.Finding;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 17 item 3: a burst of alerts far above the dispatcher's memory bound, each finding carrying large images,
 * as a separate JVM with a small heap. The outbox keeps per finding only what DynamoDB would (state, sinks, claim),
 * and makes findings back from their index, so the heap holds what the dispatcher holds. Prints one line of figures;
 * exits 0 when every alert was delivered once and the dispatcher held at most its bound.
 *
 * <p>Usage: {@code AlertBurst FINDINGS IMAGE_BYTES BOUND [SEND_MILLIS [dead]]} (a sink that takes SEND_MILLIS per
 * send builds a backlog far above the bound; {@code dead} adds a second sink, listed first, that fails every send
 * after 100 ms: the figures then say how long the working sink took to get every alert beside it). The heap figure is the live heap: what the last collection left, at most.
 */
public final class AlertBurst {
    private AlertBurst() {}

    public static void main(String[] args) throws Exception {
        int findings = Integer.parseInt(args[0]);
        int imageBytes = Integer.parseInt(args[1]);
        int bound = Integer.parseInt(args[2]);
        long sendMillis = args.length > 3 ? Long.parseLong(args[3]) : 0;
        BurstOutbox outbox = new BurstOutbox(findings);
        BitSet delivered = new BitSet(findings);
        AtomicLong sends = new AtomicLong();
        AtomicLong findingsSent = new AtomicLong();
        AlertSink sink = new AlertSink() {
            @Override
            public String name() {
                return "pager";
            }

            @Override
            public void send(Alert alert) throws InterruptedException {
                Thread.sleep(sendMillis);
                sends.incrementAndGet();
                findingsSent.addAndGet(alert.findings().size());
                synchronized (delivered) {
                    alert.findings().forEach(f -> delivered.set(BurstOutbox.index(f.id())));
                }
            }
        };
        // Digests of a one-second window: the storm's last digest goes out a second after it opened, not five minutes.
        List<AlertSink> sinks = new ArrayList<>();
        if (args.length > 4 && args[4].equals("dead")) {
            sinks.add(new AlertSink() {
                @Override
                public String name() {
                    return "dead";
                }

                @Override
                public void send(Alert alert) throws java.io.IOException, InterruptedException {
                    Thread.sleep(100);
                    throw new java.io.IOException("HTTP 503");
                }
            });
        }
        sinks.add(sink);
        AlertsConfig policy = AlertsConfig.from("ERROR")
                .withTimings(3, Duration.ofMillis(10), Duration.ofMillis(100))
                .withDigest(10, Duration.ofSeconds(1));
        AlertDispatcher dispatcher = new AlertDispatcher(
                        "inventory", sinks, outbox, policy, (s, ok) -> {}, Clock.systemUTC(), bound)
                .start(true);
        long start = System.nanoTime();
        long peakHeap = 0;
        int mostHeld = 0;
        for (int i = 0; i < findings; i++) {
            outbox.queue(i, Instant.now());
            // A new image per finding, as the pipeline's are: nothing shared between findings.
            Finding finding = BurstOutbox.finding(i).toBuilder()
                    .newImage(Map.of("blob", AttributeValue.fromS("x".repeat(imageBytes))))
                    .build();
            dispatcher.offer(finding);
            mostHeld = Math.max(mostHeld, dispatcher.inFlight());
            if (i % 100 == 0) {
                peakHeap = Math.max(peakHeap, usedHeap());
            }
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (cardinality(delivered) < findings && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            mostHeld = Math.max(mostHeld, dispatcher.inFlight());
            peakHeap = Math.max(peakHeap, usedHeap());
        }
        double deliveredAfter = (System.nanoTime() - start) / 1e9;
        dispatcher.close(Duration.ofSeconds(5));
        int got = cardinality(delivered);
        System.out.printf(
                "alert-burst findings=%d imageBytes=%d bound=%d delivered=%d findingsSent=%d sends=%d mostHeld=%d deferred=%d"
                        + " peakLiveHeapMb=%.1f maxHeapMb=%.1f deliveredAfterSeconds=%.2f%n",
                findings,
                imageBytes,
                bound,
                got,
                findingsSent.get(),
                sends.get(),
                mostHeld,
                dispatcher.deferred(),
                peakHeap / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0,
                deliveredAfter);
        System.exit(got == findings && findingsSent.get() == findings && mostHeld <= bound ? 0 : 1);
    }

    private static int cardinality(BitSet bits) {
        synchronized (bits) {
            return bits.cardinality();
        }
    }

    /** The heap the last collection of each pool left: the live set, not the garbage between collections. */
    private static long usedHeap() {
        long live = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                live += pool.getCollectionUsage().getUsed();
            }
        }
        return live;
    }

    /** The outbox's contract over arrays: what DynamoDB keeps per finding, findings made back from their index. */
    private static final class BurstOutbox implements AlertOutbox {
        private final boolean[] pending;
        private final long[] queuedAt;
        private final String[] claimOwner;
        private final long[] claimUntil;
        private final boolean[] sent;

        BurstOutbox(int size) {
            pending = new boolean[size];
            queuedAt = new long[size];
            claimOwner = new String[size];
            claimUntil = new long[size];
            sent = new boolean[size];
        }

        static Finding finding(int index) {
            return AlertFixtures.finding("b" + index).toBuilder()
                    .oldImage(Map.of())
                    .newImage(Map.of())
                    .build();
        }

        static int index(String id) {
            return Integer.parseInt(id.substring(1));
        }

        synchronized void queue(int index, Instant at) {
            pending[index] = true;
            queuedAt[index] = at.toEpochMilli();
        }

        @Override
        public synchronized List<PendingAlert> pending(String watchedTable, Instant queuedBefore, int limit) {
            List<PendingAlert> result = new ArrayList<>();
            for (int i = 0; i < pending.length && result.size() < limit; i++) {
                if (pending[i] && queuedAt[i] < queuedBefore.toEpochMilli()) {
                    result.add(new PendingAlert(finding(i), sent[i] ? Set.of("pager") : Set.of()));
                }
            }
            return result;
        }

        @Override
        public synchronized Optional<PendingAlert> reread(Finding finding) {
            int i = index(finding.id());
            return pending[i]
                    ? Optional.of(new PendingAlert(finding, sent[i] ? Set.of("pager") : Set.of()))
                    : Optional.empty();
        }

        @Override
        public synchronized void markSent(Finding finding, Set<String> sinks, boolean complete) {
            int i = index(finding.id());
            sent[i] |= sinks.contains("pager");
            if (complete) {
                pending[i] = false;
            }
        }

        @Override
        public synchronized Optional<Set<String>> claim(Finding finding, String owner, Instant until, Instant now) {
            int i = index(finding.id());
            if (!pending[i]) {
                return Optional.empty();
            }
            if (claimOwner[i] != null && !claimOwner[i].equals(owner) && claimUntil[i] >= now.toEpochMilli()) {
                return Optional.empty();
            }
            claimOwner[i] = owner;
            claimUntil[i] = until.toEpochMilli();
            return Optional.of(sent[i] ? Set.of("pager") : new HashSet<>());
        }

        @Override
        public synchronized void release(Finding finding, String owner) {
            int i = index(finding.id());
            if (owner.equals(claimOwner[i])) {
                claimOwner[i] = null;
            }
        }

        @Override
        public synchronized void markPending(Finding finding, Instant now) {
            queue(index(finding.id()), now);
        }
    }
}
