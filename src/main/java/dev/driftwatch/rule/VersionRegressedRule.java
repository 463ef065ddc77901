package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import java.util.Optional;

/** The new version is lower than the old one: a stale copy was written back over newer data. */
final class VersionRegressedRule implements Rule {
    private final String version;

    VersionRegressedRule(TableConfig table) {
        this.version = table.attributes().version();
    }

    @Override
    public String id() {
        return "version-regressed";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        return VersionPair.of(record, version)
                .filter(pair -> pair.after().compareTo(pair.before()) < 0)
                .map(pair -> Violation.of(
                        FindingClass.LOST_UPDATE, pair.describe(version) + ": an older copy overwrote newer data"));
    }
}
