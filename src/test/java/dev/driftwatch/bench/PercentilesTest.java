package dev.driftwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void of_oneToHundredShuffled_nearestRanks() {
        double[] sample = IntStream.rangeClosed(1, 100)
                .map(i -> (i * 37) % 100 + 1)
                .asDoubleStream()
                .toArray();
        Percentiles p = Percentiles.of(sample);
        assertEquals(100, p.count());
        assertEquals(50, p.p50());
        assertEquals(95, p.p95());
        assertEquals(99, p.p99());
        assertEquals(100, p.max());
    }

    @Test
    void of_single_everyPercentileIsIt() {
        Percentiles p = Percentiles.of(new double[] {7.5});
        assertEquals(new Percentiles(1, 7.5, 7.5, 7.5, 7.5), p);
    }

    @Test
    void of_empty_notANumber() {
        Percentiles p = Percentiles.of(new double[0]);
        assertEquals(0, p.count());
        assertTrue(Double.isNaN(p.p99()));
    }
}
