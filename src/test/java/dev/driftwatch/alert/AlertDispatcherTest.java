package dev.driftwatch.alert;

import static dev.driftwatch.alert.AlertFixtures.finding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.config.AlertsConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.support.Await;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {
    private final InMemoryAlertOutbox outbox = new InMemoryAlertOutbox();
    private final AlertsConfig policy = AlertsConfig.from("ERROR")
            .withTimings(3, Duration.ofMillis(10), Duration.ofMillis(200))
            .withDigest(100, Duration.ofMinutes(5));
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();

    /** A sink that fails the first {@code failures} sends of each dedup key, then records what it got. */
    private static final class FlakySink implements AlertSink {
        final String name;
        final int failures;
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final List<Alert> received = new CopyOnWriteArrayList<>();

        FlakySink(String name, int failures) {
            this.name = name;
            this.failures = failures;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void send(Alert alert) throws IOException {
            if (attempts.computeIfAbsent(alert.dedupKey(), k -> new AtomicInteger())
                            .incrementAndGet()
                    <= failures) {
                throw new IOException("HTTP 503");
            }
            received.add(alert);
        }

        List<String> keys() {
            return received.stream().map(Alert::dedupKey).toList();
        }
    }

    private AlertDispatcher dispatcher(AlertsConfig config, AlertSink... sinks) {
        return new AlertDispatcher(
                "inventory",
                List.of(sinks),
                outbox,
                config,
                (sink, ok) -> delivered
                        .computeIfAbsent(sink + "=" + ok, k -> new AtomicInteger())
                        .incrementAndGet(),
                Clock.systemUTC());
    }

    private Finding stored(String id) {
        Finding finding = finding(id);
        outbox.store(finding, Instant.now());
        return finding;
    }

    @Test
    void offer_sinkFailsTwiceThenAccepts_deliveredOnceAndOutboxComplete() throws Exception {
        FlakySink pager = new FlakySink("pager", 2);
        AlertDispatcher dispatcher = dispatcher(policy, pager).start(false);
        Finding finding = stored("f1");
        dispatcher.offer(finding);
        Await.atLeast("delivery", () -> pager.received.size(), 1, Duration.ofSeconds(10));
        assertTrue(dispatcher.close(Duration.ofSeconds(5)));

        assertEquals(List.of("f1"), pager.keys());
        assertEquals(3, pager.attempts.get("f1").get());
        assertEquals(Set.of("pager"), outbox.sentTo("f1"));
        assertFalse(outbox.isPending("f1"));
        assertEquals(1, delivered.get("pager=true").get());
    }

    @Test
    void offer_oneSinkDown_otherSinkRecordedFindingStaysPending() throws Exception {
        FlakySink chat = new FlakySink("chat", 0);
        FlakySink pager = new FlakySink("pager", 100);
        AlertDispatcher dispatcher = dispatcher(policy, chat, pager).start(false);
        dispatcher.offer(stored("f1"));
        Await.atLeast(
                "pager given up",
                () -> delivered.getOrDefault("pager=false", new AtomicInteger()).get(),
                1,
                Duration.ofSeconds(10));
        dispatcher.close(Duration.ofSeconds(5));

        assertEquals(3, pager.attempts.get("f1").get(), "three attempts configured");
        assertEquals(Set.of("chat"), outbox.sentTo("f1"));
        assertTrue(outbox.isPending("f1"));
    }

    @Test
    void resume_pendingFromEarlierRun_sentOnlyToSinksMissingIt() throws Exception {
        Finding earlier = finding("f1");
        outbox.store(earlier, Instant.now().minusSeconds(60));
        outbox.markSent(earlier, Set.of("chat"), false);
        FlakySink chat = new FlakySink("chat", 0);
        FlakySink pager = new FlakySink("pager", 0);
        AlertDispatcher dispatcher = dispatcher(policy, chat, pager).start(true);
        Await.atLeast("resumed delivery", () -> pager.received.size(), 1, Duration.ofSeconds(10));
        dispatcher.close(Duration.ofSeconds(5));

        assertEquals(List.of(), chat.keys());
        assertEquals(List.of("f1"), pager.keys());
        assertFalse(outbox.isPending("f1"));
    }

    @Test
    void resume_sameFindingOfferedAndPending_sentOnce() throws Exception {
        FlakySink pager = new FlakySink("pager", 0);
        Finding finding = finding("f1");
        outbox.store(finding, Instant.now().minusSeconds(60));
        AlertDispatcher dispatcher = dispatcher(policy, pager);
        dispatcher.offer(finding);
        dispatcher.start(true);
        // Three resume rounds that found the finding pending while it was queued or in flight.
        Await.atLeast("resume rounds", outbox::pendingReads, 3, Duration.ofSeconds(10));
        dispatcher.close(Duration.ofSeconds(5));
        assertEquals(List.of("f1"), pager.keys());
    }

    @Test
    void close_burstBeyondThreshold_singlesThenOneDigestFlushed() throws Exception {
        FlakySink pager = new FlakySink("pager", 0);
        AlertDispatcher dispatcher =
                dispatcher(policy.withDigest(2, Duration.ofMinutes(5)), pager).start(false);
        for (int i = 0; i < 6; i++) {
            dispatcher.offer(stored("f" + i));
        }
        Await.atLeast("two singles", () -> pager.received.size(), 2, Duration.ofSeconds(10));
        assertTrue(dispatcher.close(Duration.ofSeconds(5)));

        assertEquals(List.of("f0", "f1", "digest-f2"), pager.keys());
        assertEquals(4, pager.received.get(2).findings().size());
        for (int i = 0; i < 6; i++) {
            assertFalse(outbox.isPending("f" + i), "f" + i);
        }
    }

    /** A sink that takes {@code millis} per send and counts each alert it got, shared by two workers. */
    private static final class SlowSink implements AlertSink {
        final Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
        final long millis;

        SlowSink(long millis) {
            this.millis = millis;
        }

        @Override
        public String name() {
            return "pager";
        }

        @Override
        public void send(Alert alert) throws InterruptedException {
            Thread.sleep(millis);
            for (Finding finding : alert.findings()) {
                got.computeIfAbsent(finding.id(), k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    /**
     * Issue 17 item 1: two workers over one outbox, a sink slower than the resume interval (the backlog outlives
     * it) and findings held in a digest window: each alert is claimed before it is sent, so exactly one worker
     * sends it, and the other never resends what the first is still delivering.
     */
    @Test
    void twoWorkers_slowSinkAndDigests_eachAlertSentOnce() throws Exception {
        SlowSink pager = new SlowSink(150);
        AlertsConfig fast = AlertsConfig.from("ERROR")
                .withTimings(3, Duration.ofMillis(10), Duration.ofMillis(200))
                .withDigest(3, Duration.ofSeconds(2));
        AlertDispatcher first = dispatcher(fast, pager).start(true);
        AlertDispatcher second = dispatcher(fast, pager).start(true);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Finding finding = stored("f" + i);
            ids.add(finding.id());
            first.offer(finding); // the first worker stored them; the second only resumes from the outbox
        }
        Await.atLeast(
                "every alert delivered",
                () -> (int) ids.stream().filter(id -> !outbox.isPending(id)).count(),
                ids.size(),
                Duration.ofSeconds(30));
        Thread.sleep(1000); // two more resume rounds of both workers: nothing may be sent again
        first.close(Duration.ofSeconds(5));
        second.close(Duration.ofSeconds(5));

        for (String id : ids) {
            assertEquals(1, pager.got.get(id).get(), "alert " + id + " sent " + pager.got.get(id) + " times");
        }
    }

    /** A sink that hangs on every send until the test lets it go, then fails. */
    private static final class HangingSink implements AlertSink {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final AtomicInteger sends = new AtomicInteger();

        @Override
        public String name() {
            return "pager";
        }

        @Override
        public void send(Alert alert) throws IOException, InterruptedException {
            sends.incrementAndGet();
            release.await();
            throw new IOException("HTTP 504 after a long wait");
        }
    }

    /**
     * Issue 17 item 2: a sink that hangs (a PagerDuty outage behind a load balancer) is listed first; the chat sink
     * beside it gets every alert while the pager still hangs on the first. With one thread for all sinks it got
     * none until the pager let go.
     */
    @Test
    void offer_oneSinkHangs_otherSinkGetsEveryAlertMeanwhile() throws Exception {
        HangingSink pager = new HangingSink();
        FlakySink chat = new FlakySink("chat", 0);
        AlertDispatcher dispatcher = dispatcher(policy, pager, chat).start(false);
        for (int i = 0; i < 20; i++) {
            dispatcher.offer(stored("f" + i));
        }
        Await.atLeast(
                "chat's deliveries recorded",
                () -> (int) java.util.stream.IntStream.range(0, 20)
                        .filter(i -> outbox.sentTo("f" + i).contains("chat"))
                        .count(),
                20,
                Duration.ofSeconds(10));
        assertEquals(20, chat.received.size(), "each once");
        assertEquals(1, pager.sends.get(), "the pager is still stuck on its first alert");
        for (int i = 0; i < 20; i++) {
            assertEquals(Set.of("chat"), outbox.sentTo("f" + i), "recorded as it was sent: f" + i);
            assertTrue(outbox.isPending("f" + i), "still pending for the pager: f" + i);
        }
        pager.release.countDown();
        dispatcher.close(Duration.ofSeconds(5));
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A sink that fails until it is told it is back. */
    private static final class DownSink implements AlertSink {
        volatile boolean up;
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> received = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "pager";
        }

        @Override
        public void send(Alert alert) throws IOException {
            attempts.incrementAndGet();
            if (!up) {
                throw new IOException("HTTP 503");
            }
            alert.findings().forEach(finding -> received.add(finding.id()));
        }
    }

    /**
     * Issue 17 item 2: a sink down for long trips its breaker after three alerts that failed every retry; its other
     * alerts are not tried and stay pending in the outbox (not held in memory), and are sent once it is back.
     */
    @Test
    void breaker_sinkDownLong_opensAlertsStayPendingThenSentWhenItRecovers() throws Exception {
        MovableClock clock = new MovableClock();
        DownSink pager = new DownSink();
        FlakySink chat = new FlakySink("chat", 0);
        AlertDispatcher dispatcher = new AlertDispatcher(
                        "inventory", List.of(pager, chat), outbox, policy, (sink, ok) -> {}, clock)
                .start(true);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Finding finding = finding("f" + i);
            outbox.store(finding, clock.instant());
            ids.add(finding.id());
            dispatcher.offer(finding);
        }
        Await.atLeast("chat got every alert", () -> chat.received.size(), 10, Duration.ofSeconds(10));
        Await.atLeast("the in-flight set emptied", () -> 10 - dispatcher.inFlight(), 10, Duration.ofSeconds(10));
        assertEquals(
                AlertDispatcher.TRIP_AFTER * 3,
                pager.attempts.get(),
                "three alerts of three attempts each, then the breaker: the other seven were not tried");
        clock.advance(Duration.ofSeconds(5));
        Thread.sleep(600); // resume rounds while the breaker is open take nothing up for it
        assertEquals(AlertDispatcher.TRIP_AFTER * 3, pager.attempts.get());
        assertEquals(0, dispatcher.inFlight(), "nothing held in memory for the open breaker");
        ids.forEach(id -> assertTrue(outbox.isPending(id), id));

        pager.up = true;
        clock.advance(AlertDispatcher.BREAKER_FIRST_OPEN);
        // Time goes on (resume rounds come every interval): the probe closes the breaker, the rest follows.
        for (int i = 0; i < 200 && ids.stream().anyMatch(outbox::isPending); i++) {
            clock.advance(Duration.ofMillis(250));
            Thread.sleep(50);
        }
        assertEquals(List.of(), ids.stream().filter(outbox::isPending).toList(), "still pending");
        dispatcher.close(Duration.ofSeconds(5));
        assertEquals(ids.size(), pager.received.stream().distinct().count());
        assertEquals(ids.size(), pager.received.size(), "each once: " + pager.received);
    }

    /**
     * Issue 17 item 3: a burst far above the memory bound. The dispatcher holds at most the bound (without images),
     * leaves the rest pending in the outbox and resumes it from there: every alert delivered once, none with images.
     */
    @Test
    void offer_burstFarAboveTheBound_heldWithinItAndEveryAlertDelivered() throws Exception {
        FlakySink pager = new FlakySink("pager", 0);
        int bound = 50;
        AlertDispatcher dispatcher = new AlertDispatcher(
                        "inventory",
                        List.of(pager),
                        outbox,
                        policy.withTimings(3, Duration.ofMillis(10), Duration.ofMillis(50))
                                .withDigest(100, Duration.ofSeconds(1)),
                        (sink, ok) -> {},
                        Clock.systemUTC(),
                        bound)
                .start(true);
        AtomicInteger mostHeld = new AtomicInteger();
        for (int i = 0; i < 2000; i++) {
            Finding finding = stored("b" + i);
            dispatcher.offer(finding);
            mostHeld.accumulateAndGet(dispatcher.inFlight(), Math::max);
        }
        assertTrue(dispatcher.deferred() > 0, "the burst went beyond the bound");
        Await.atLeast(
                "every alert delivered",
                () -> (int) pager.received.stream()
                        .mapToLong(a -> a.findings().size())
                        .sum(),
                2000,
                Duration.ofSeconds(60));
        dispatcher.close(Duration.ofSeconds(5));
        assertTrue(mostHeld.get() <= bound, "held at most the bound: " + mostHeld.get());
        assertEquals(
                2000,
                pager.received.stream()
                        .flatMap(alert -> alert.findings().stream())
                        .map(Finding::id)
                        .distinct()
                        .count());
        assertEquals(
                2000,
                pager.received.stream()
                        .mapToLong(alert -> alert.findings().size())
                        .sum(),
                "each once: none sent twice");
        assertTrue(
                pager.received.stream()
                        .flatMap(alert -> alert.findings().stream())
                        .allMatch(f -> f.oldImage().isEmpty() && f.newImage().isEmpty()),
                "held without images");
    }

    /**
     * Issue 17: a worker that claimed alerts (for a digest's window) and was killed never releases them. Another
     * worker's resumer leaves them alone while the claims live, and sends each once after they expire.
     */
    @Test
    void twoWorkers_holderKilledMidWindow_otherSendsEachOnceAfterTheClaimsExpire() throws Exception {
        MovableClock clock = new MovableClock();
        FlakySink pager = new FlakySink("pager", 0);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Finding finding = finding("k" + i);
            outbox.store(finding, clock.instant().minusSeconds(60));
            // the killed worker's claims, held for its digest window: five minutes
            assertTrue(
                    outbox.claim(finding, "killed-worker", clock.instant().plus(Duration.ofMinutes(5)), clock.instant())
                            .isPresent());
            ids.add(finding.id());
        }
        AlertDispatcher survivor =
                new AlertDispatcher("inventory", List.of(pager), outbox, policy, (sink, ok) -> {}, clock).start(true);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(20)); // 200 s: resume rounds while the claims live
            Thread.sleep(50);
        }
        assertEquals(List.of(), pager.keys(), "nothing sent while the killed worker's claims live");
        for (int i = 0; i < 200 && ids.stream().anyMatch(outbox::isPending); i++) {
            clock.advance(Duration.ofSeconds(5)); // past five minutes: the claims expire
            Thread.sleep(20);
        }
        survivor.close(Duration.ofSeconds(5));
        assertEquals(ids, pager.keys().stream().sorted().toList(), "each sent once by the survivor");
    }
}
