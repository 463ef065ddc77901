package dev.driftwatch.web;

import dev.driftwatch.audit.FindingSummary;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Counts of the findings in a window, from their summaries: per time bucket and class (the chart), per rule,
 * class and severity, and the items with most. Memory grows with buckets, rules and distinct items (the
 * latter bounded by {@link #MAX_ITEMS_TRACKED}), not with findings.
 */
public final class Overview implements Consumer<FindingSummary> {
    /** Windows up to an hour are charted by minute, up to 6 hours by 5 minutes, up to 72 by hour, longer by day. */
    static final Duration BY_MINUTE_UP_TO = Duration.ofHours(1);

    static final Duration BY_5_MINUTES_UP_TO = Duration.ofHours(6);
    static final Duration HOURLY_UP_TO = Duration.ofHours(72);

    public static final int TOP_ITEMS = 10;
    static final int MAX_ITEMS_TRACKED = 10_000;

    private final Window window;
    private final Duration bucket;
    private final TreeMap<Instant, EnumMap<FindingClass, Long>> byBucket = new TreeMap<>();
    private final Map<String, Long> byRule = new TreeMap<>();
    private final EnumMap<FindingClass, Long> byClass = new EnumMap<>(FindingClass.class);
    private final EnumMap<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
    private final Map<String, Long> byItem = new HashMap<>();
    private boolean itemsCapped;
    private long total;

    public Overview(Window window) {
        this.window = window;
        Duration length = Duration.between(window.since(), window.until());
        if (length.compareTo(BY_MINUTE_UP_TO) <= 0) {
            bucket = Duration.ofMinutes(1);
        } else if (length.compareTo(BY_5_MINUTES_UP_TO) <= 0) {
            bucket = Duration.ofMinutes(5);
        } else if (length.compareTo(HOURLY_UP_TO) <= 0) {
            bucket = Duration.ofHours(1);
        } else {
            bucket = Duration.ofDays(1);
        }
        for (Instant at = start(window.since()); !at.isAfter(window.until()); at = at.plus(bucket)) {
            byBucket.put(at, new EnumMap<>(FindingClass.class));
        }
    }

    @Override
    public void accept(FindingSummary finding) {
        if (finding.detectedAt().isBefore(window.since())
                || finding.detectedAt().isAfter(window.until())) {
            return;
        }
        total++;
        byBucket.computeIfAbsent(start(finding.detectedAt()), at -> new EnumMap<>(FindingClass.class))
                .merge(finding.findingClass(), 1L, Long::sum);
        byRule.merge(finding.ruleId(), 1L, Long::sum);
        byClass.merge(finding.findingClass(), 1L, Long::sum);
        bySeverity.merge(finding.severity(), 1L, Long::sum);
        if (byItem.containsKey(finding.itemKey()) || byItem.size() < MAX_ITEMS_TRACKED) {
            byItem.merge(finding.itemKey(), 1L, Long::sum);
        } else {
            itemsCapped = true;
        }
    }

    public long total() {
        return total;
    }

    /** The start of the bucket {@code at} falls in (buckets are aligned to the epoch, so to UTC days and hours). */
    private Instant start(Instant at) {
        long size = bucket.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
    }

    public String bucketName() {
        return switch ((int) bucket.toMinutes()) {
            case 1 -> "minute";
            case 5 -> "5 minutes";
            case 60 -> "hour";
            default -> "day";
        };
    }

    /** True when the chart's buckets are shorter than a day: their labels then show the time of day. */
    public boolean intraday() {
        return bucket.compareTo(Duration.ofDays(1)) < 0;
    }

    /** Per bucket (oldest first), the count of each class. */
    public Map<Instant, Map<FindingClass, Long>> byBucket() {
        Map<Instant, Map<FindingClass, Long>> copy = new LinkedHashMap<>();
        byBucket.forEach((at, counts) -> copy.put(at, Map.copyOf(counts)));
        return copy;
    }

    public Map<String, Long> byRule() {
        return Map.copyOf(byRule);
    }

    /** Rules by count, most first, then by name. */
    public List<Map.Entry<String, Long>> rulesByCount() {
        return sorted(byRule);
    }

    public Map<FindingClass, Long> byClass() {
        return Map.copyOf(byClass);
    }

    public Map<Severity, Long> bySeverity() {
        return Map.copyOf(bySeverity);
    }

    /** The {@link #TOP_ITEMS} items with most findings, most first, then by key. */
    public List<Map.Entry<String, Long>> topItems() {
        List<Map.Entry<String, Long>> items = sorted(byItem);
        return items.subList(0, Math.min(TOP_ITEMS, items.size()));
    }

    /** True when more distinct items had findings than were counted one by one. */
    public boolean itemsCapped() {
        return itemsCapped;
    }

    private static List<Map.Entry<String, Long>> sorted(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return entries.stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}
