package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import java.math.BigDecimal;
import java.util.Optional;

/** The version jumped by more than one: a writer computed it from something other than the item. */
final class VersionSkippedRule implements Rule {
    private final String version;

    VersionSkippedRule(TableConfig table) {
        this.version = table.attributes().version();
    }

    @Override
    public String id() {
        return "version-skipped";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        if (record.eventName() != EventName.MODIFY) {
            return Optional.empty();
        }
        Optional<BigDecimal> oldVersion = record.oldNumber(version);
        Optional<BigDecimal> newVersion = record.newNumber(version);
        if (oldVersion.isEmpty() || newVersion.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal step = newVersion.get().subtract(oldVersion.get());
        if (step.compareTo(BigDecimal.ONE) <= 0) {
            return Optional.empty();
        }
        return Optional.of(Violation.of(
                FindingClass.PROTOCOL,
                version + " " + oldVersion.get().toPlainString() + " → " + newVersion.get().toPlainString()
                        + ": skipped " + step.subtract(BigDecimal.ONE).toPlainString()));
    }
}
