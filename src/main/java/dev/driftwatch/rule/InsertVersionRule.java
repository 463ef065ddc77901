package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.AttributeType;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import dev.driftwatch.record.Image;
import java.math.BigDecimal;
import java.util.Optional;

/** An INSERT whose version is not the initial one (default 1, as the SDK's VersionedRecordExtension). */
final class InsertVersionRule implements Rule {
    private final String version;
    private final BigDecimal initial;

    InsertVersionRule(TableConfig table) {
        this.version = table.attributes().version();
        this.initial = BigDecimal.valueOf(table.initialVersion());
    }

    @Override
    public String id() {
        return "insert-version";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        if (record.eventName() != EventName.INSERT) {
            return Optional.empty();
        }
        Image image = record.newImage().orElseThrow();
        AttributeType type = image.typeOf(version);
        if (type == AttributeType.MISSING) {
            return Optional.empty();
        }
        Optional<BigDecimal> value = image.number(version);
        if (value.isPresent() && value.get().compareTo(initial) == 0) {
            return Optional.empty();
        }
        return Optional.of(Violation.of(
                FindingClass.PROTOCOL,
                "INSERT with " + version + " " + image.describe(version) + ", expected " + initial.toPlainString()
                        + ": the item was created outside the versioning protocol (or deleted and re-put)"));
    }
}
