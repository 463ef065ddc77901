package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.AttributeType;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import java.util.Optional;

/**
 * The old image had a numeric version and the new one lacks it or holds a non-number: a writer outside
 * the protocol. Items that never had a version raise nothing.
 */
final class VersionMissingRule implements Rule {
    private final String version;

    VersionMissingRule(TableConfig table) {
        this.version = table.attributes().version();
    }

    @Override
    public String id() {
        return "version-missing";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        if (record.eventName() != EventName.MODIFY || record.oldNumber(version).isEmpty()) {
            return Optional.empty();
        }
        AttributeType newType = record.newImage().orElseThrow().typeOf(version);
        if (newType == AttributeType.N) {
            return Optional.empty();
        }
        String what = newType == AttributeType.MISSING
                ? "removed"
                : "replaced by " + record.newImage().orElseThrow().describe(version) + " of type " + newType;
        return Optional.of(Violation.of(
                FindingClass.PROTOCOL,
                version + " " + record.oldNumber(version).orElseThrow().toPlainString() + " " + what
                        + ": a writer outside the versioning protocol"));
    }
}
