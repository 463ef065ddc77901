package dev.driftwatch.web;

import dev.driftwatch.finding.Redaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A record's old image against its new one, attribute by attribute, in name order: what changed, what was
 * added and removed, what stayed. An attribute {@code audit.redact} names is stored as {@code <redacted>} in
 * both images, so whether it changed cannot be told: it is shown as redacted, never as a value.
 */
public record ImageDiff(List<Row> rows) {
    public enum Change {
        CHANGED,
        ADDED,
        REMOVED,
        SAME,
        REDACTED
    }

    /**
     * One attribute.
     *
     * @param before its old value as text, empty when the old image lacks it
     * @param after its new value as text, empty when the new image lacks it
     */
    public record Row(String name, String before, String after, Change change) {
        public Row {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(change, "change");
        }

        /** The CSS class of the row. */
        public String css() {
            return "diff-" + change.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ImageDiff {
        rows = List.copyOf(rows);
    }

    public static ImageDiff of(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        TreeSet<String> names = new TreeSet<>(oldImage.keySet());
        names.addAll(newImage.keySet());
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            AttributeValue before = oldImage.get(name);
            AttributeValue after = newImage.get(name);
            String beforeText = before == null ? "" : AttributeText.of(before);
            String afterText = after == null ? "" : AttributeText.of(after);
            Change change;
            if (redacted(before) || redacted(after)) {
                change = Change.REDACTED;
                beforeText = before == null ? "" : Redaction.MASK;
                afterText = after == null ? "" : Redaction.MASK;
            } else if (before == null) {
                change = Change.ADDED;
            } else if (after == null) {
                change = Change.REMOVED;
            } else if (before.equals(after)) {
                change = Change.SAME;
            } else {
                change = Change.CHANGED;
            }
            rows.add(new Row(name, beforeText, afterText, change));
        }
        return new ImageDiff(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** How many attributes changed, were added or removed. */
    public long differences() {
        return rows.stream()
                .filter(row -> row.change() == Change.CHANGED
                        || row.change() == Change.ADDED
                        || row.change() == Change.REMOVED)
                .count();
    }

    private static boolean redacted(AttributeValue value) {
        return value != null && Redaction.MASK.equals(value.s());
    }
}
