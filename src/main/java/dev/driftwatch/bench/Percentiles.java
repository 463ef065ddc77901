package dev.driftwatch.bench;

import java.util.Arrays;

/** p50/p95/p99/max of a sample of milliseconds (nearest rank). */
public record Percentiles(int count, double p50, double p95, double p99, double max) {

    static Percentiles of(double[] sample) {
        if (sample.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
