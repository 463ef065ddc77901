package dev.driftwatch.alert;

import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.Severity;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a sink sends: one finding, or a digest of several findings of one rule on one table. The
 * dedup key is the finding id (of the first finding, for a digest), so a resent alert is recognisable.
 */
public record Alert(List<Finding> findings, boolean digest) {
    public Alert {
        findings = List.copyOf(findings);
        if (findings.isEmpty()) {
            throw new IllegalArgumentException("an alert needs at least one finding");
        }
        if (!digest && findings.size() != 1) {
            throw new IllegalArgumentException("a single alert carries one finding, got " + findings.size());
        }
        Finding first = findings.get(0);
        for (Finding finding : findings) {
            if (!finding.ruleId().equals(first.ruleId()) || !finding.table().equals(first.table())) {
                throw new IllegalArgumentException("a digest groups one rule on one table; got " + first.ruleId() + "/"
                        + first.table() + " and " + finding.ruleId() + "/" + finding.table());
            }
        }
    }

    public static Alert single(Finding finding) {
        return new Alert(List.of(finding), false);
    }

    public static Alert digestOf(List<Finding> findings) {
        return new Alert(findings, true);
    }

    /** The same kind of alert over fewer findings (those a sink has not had yet). */
    public Alert narrowedTo(List<Finding> subset) {
        return subset.size() == 1 ? single(subset.get(0)) : new Alert(subset, digest);
    }

    public String dedupKey() {
        return digest ? "digest-" + findings.get(0).id() : findings.get(0).id();
    }

    public String ruleId() {
        return findings.get(0).ruleId();
    }

    public String table() {
        return findings.get(0).table();
    }

    /** The highest severity among the findings. */
    public Severity severity() {
        return findings.stream()
                .map(Finding::severity)
                .max(Comparator.naturalOrder())
                .orElseThrow();
    }

    /** Units lost across the findings, when any finding counts them. */
    public Optional<BigDecimal> lostUnits() {
        return findings.stream()
                .map(Finding::lostUnits)
                .flatMap(Optional::stream)
                .reduce(BigDecimal::add);
    }

    public List<String> itemKeys() {
        return findings.stream().map(Finding::itemKey).distinct().toList();
    }

    /** One line a person reads first: a page title, a chat message, a mail subject. */
    public String summary() {
        if (!digest) {
            Finding finding = findings.get(0);
            return finding.severity() + " " + finding.ruleId() + " on " + finding.table() + " item "
                    + AlertPayloads.shownKey(finding.itemKey()) + ": " + finding.message();
        }
        List<String> items = itemKeys();
        String shown = String.join(
                ", ",
                items.subList(0, Math.min(5, items.size())).stream()
                        .map(AlertPayloads::shownKey)
                        .toList());
        String more = items.size() > 5 ? " and " + (items.size() - 5) + " more" : "";
        String lost =
                lostUnits().map(u -> ", " + u.toPlainString() + " units lost").orElse("");
        return severity() + " " + findings.size() + " " + ruleId() + " findings on " + table() + " (items " + shown
                + more + lost + ")";
    }
}
