package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
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
        Optional<VersionPair> pair = VersionPair.of(record, version);
        if (pair.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal step = pair.get().after().subtract(pair.get().before());
        if (step.compareTo(BigDecimal.ONE) <= 0) {
            return Optional.empty();
        }
        return Optional.of(Violation.of(
                FindingClass.PROTOCOL,
                pair.get().describe(version) + ": skipped "
                        + step.subtract(BigDecimal.ONE).toPlainString()));
    }
}
