package dev.driftwatch.web;

import dev.driftwatch.finding.FindingClass;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The overview's chart as SVG geometry, computed here and drawn by the template: one stacked bar per
 * bucket, a segment per finding class, with a title per segment (hover text) and a few axis labels.
 * Server-side SVG needs no script and no chart library: it renders in any browser, under a CSP that allows
 * no inline script or style (colours come from the stylesheet by class).
 */
public record BarChart(int width, int height, List<Bar> bars, List<Label> labels, long max) {
    static final int WIDTH = 960;
    static final int HEIGHT = 240;
    static final int LEFT = 48;
    static final int BOTTOM = 28;
    static final int TOP = 8;

    /** One segment of a bar. */
    public record Bar(int x, int y, int w, int h, String css, String title) {}

    /** A label: {@code anchor} is an SVG text-anchor value. */
    public record Label(int x, int y, String text, String anchor) {}

    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    public BarChart {
        bars = List.copyOf(bars);
        labels = List.copyOf(labels);
    }

    public static BarChart of(Overview overview) {
        Map<Instant, Map<FindingClass, Long>> buckets = overview.byBucket();
        long max = 0;
        for (Map<FindingClass, Long> counts : buckets.values()) {
            max = Math.max(
                    max, counts.values().stream().mapToLong(Long::longValue).sum());
        }
        int plotWidth = WIDTH - LEFT - 8;
        int plotHeight = HEIGHT - BOTTOM - TOP;
        int n = Math.max(1, buckets.size());
        double step = (double) plotWidth / n;
        int barWidth = Math.max(1, Math.min(48, (int) Math.floor(step * 0.8)));
        boolean hourly = overview.intraday();
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        labels.add(new Label(LEFT - 6, TOP + 10, Long.toString(max), "end"));
        labels.add(new Label(LEFT - 6, TOP + plotHeight, "0", "end"));
        int labelEvery = Math.max(1, (int) Math.ceil(n / 8.0));
        int i = 0;
        for (Map.Entry<Instant, Map<FindingClass, Long>> bucket : buckets.entrySet()) {
            int x = LEFT + (int) Math.round(i * step);
            int base = TOP + plotHeight;
            String when = (hourly ? HOUR : DAY).format(bucket.getKey());
            for (FindingClass findingClass : FindingClass.values()) {
                long count = bucket.getValue().getOrDefault(findingClass, 0L);
                if (count == 0) {
                    continue;
                }
                int h = Math.max(1, (int) Math.round((double) count / max * plotHeight));
                base -= h;
                bars.add(new Bar(
                        x,
                        base,
                        barWidth,
                        h,
                        "c-" + findingClass.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        when + " UTC · " + findingClass.name() + " · " + count));
            }
            if (i % labelEvery == 0) {
                labels.add(new Label(x, HEIGHT - 8, when, "start"));
            }
            i++;
        }
        return new BarChart(WIDTH, HEIGHT, bars, labels, max);
    }

    public String viewBox() {
        return "0 0 " + width + " " + height;
    }

    public int axisY() {
        return HEIGHT - BOTTOM;
    }

    public int axisLeft() {
        return LEFT;
    }

    public int axisRight() {
        return WIDTH - 8;
    }
}
