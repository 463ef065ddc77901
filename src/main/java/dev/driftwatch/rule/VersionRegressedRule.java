package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import java.math.BigDecimal;
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
        if (record.eventName() != EventName.MODIFY) {
            return Optional.empty();
        }
        Optional<BigDecimal> oldVersion = record.oldNumber(version);
        Optional<BigDecimal> newVersion = record.newNumber(version);
        if (oldVersion.isEmpty() || newVersion.isEmpty() || newVersion.get().compareTo(oldVersion.get()) >= 0) {
            return Optional.empty();
        }
        return Optional.of(Violation.of(
                FindingClass.LOST_UPDATE,
                version + " " + oldVersion.get().toPlainString() + " → " + newVersion.get().toPlainString()
                        + ": an older copy overwrote newer data"));
    }
}
