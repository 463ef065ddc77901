package dev.driftwatch.rule;

import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import java.math.BigDecimal;
import java.util.Optional;

/** The old and new version of a MODIFY whose images both hold a numeric version. */
record VersionPair(BigDecimal before, BigDecimal after) {

    static Optional<VersionPair> of(ChangeRecord record, String versionAttribute) {
        if (record.eventName() != EventName.MODIFY) {
            return Optional.empty();
        }
        Optional<BigDecimal> before = record.oldNumber(versionAttribute);
        Optional<BigDecimal> after = record.newNumber(versionAttribute);
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VersionPair(before.get(), after.get()));
    }

    /** "version 6 → 7" */
    String describe(String versionAttribute) {
        return versionAttribute + " " + before.toPlainString() + " → " + after.toPlainString();
    }
}
