package dev.driftwatch.audit;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.validation.Require;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator asks the audit table: findings of one watched table detected in
 * [{@code since}, {@code until}], optionally of one item, of some rules, of one class, at or above a
 * severity. {@code ruleIds} are the rules to look in: the by-rule index is queried once per rule and
 * day, so a query never scans the table.
 */
public record FindingQuery(
        String watchedTable,
        Optional<String> itemKey,
        List<String> ruleIds,
        Optional<FindingClass> findingClass,
        Optional<Severity> minSeverity,
        Instant since,
        Instant until) {

    public FindingQuery {
        Require.notBlank("watchedTable", watchedTable);
        Objects.requireNonNull(itemKey, "itemKey");
        ruleIds = List.copyOf(ruleIds);
        if (ruleIds.isEmpty()) {
            throw new IllegalArgumentException("a finding query needs at least one rule id");
        }
        Objects.requireNonNull(findingClass, "findingClass");
        Objects.requireNonNull(minSeverity, "minSeverity");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (until.isBefore(since)) {
            throw new IllegalArgumentException("--until " + until + " is before --since " + since);
        }
    }

    /** The same query over other rules. */
    public FindingQuery withRuleIds(List<String> newRuleIds) {
        return new FindingQuery(watchedTable, itemKey, newRuleIds, findingClass, minSeverity, since, until);
    }

    /** The same query over an earlier or equal end, for the next page or the next poll. */
    public FindingQuery withWindow(Instant newSince, Instant newUntil) {
        return new FindingQuery(watchedTable, itemKey, ruleIds, findingClass, minSeverity, newSince, newUntil);
    }
}
