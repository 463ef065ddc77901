package dev.driftwatch.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One consumer draining a preloaded stream, timed from outside by watching its count of processed
 * records every 10 ms.
 *
 * <p>The rate leaves out KCL's start-up and the first batch: it is (records processed after the
 * first observation) / (time from the first observation to the last record). Both consumers of a
 * comparison are timed the same way.
 *
 * @param startupSeconds from scheduler start to the first processed batch
 * @param drainSeconds from the first processed batch to the last record
 * @param timedRecords records processed within {@code drainSeconds}
 */
public record Drain(String consumer, long records, double startupSeconds, double drainSeconds, long timedRecords) {

    public double recordsPerSecond() {
        return drainSeconds <= 0 ? 0 : timedRecords / drainSeconds;
    }

    /** Waits until {@code processed} reaches {@code records}, measuring as described above. */
    static Drain await(
            String consumer,
            long records,
            LongSupplier processed,
            long startedNanos,
            Duration timeout,
            Consumer<String> progress)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstAt = -1;
        long firstCount = 0;
        long lastReport = System.nanoTime();
        while (true) {
            long count = processed.getAsLong();
            long now = System.nanoTime();
            if (firstAt < 0 && count > 0) {
                firstAt = now;
                firstCount = count;
            }
            if (count >= records) {
                double startup = (firstAt - startedNanos) / 1e9;
                return new Drain(consumer, records, startup, (now - firstAt) / 1e9, count - firstCount);
            }
            if (now > deadline) {
                throw new TimeoutException(consumer + " processed " + count + " of " + records + " records within "
                        + timeout.toSeconds() + " s");
            }
            if (now - lastReport > 2_000_000_000L) {
                progress.accept(String.format("drain: %s %,d/%,d records", consumer, count, records));
                lastReport = now;
            }
            Thread.sleep(10);
        }
    }
}
