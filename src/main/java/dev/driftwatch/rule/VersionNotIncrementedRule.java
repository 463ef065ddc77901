package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A MODIFY changed the item but kept its version: the writer did not condition on the version, so it
 * may have overwritten a concurrent write. With a delta that is conserved nothing was lost yet (an
 * atomic writer bypassed versioning): PROTOCOL. Without a delta the detector cannot tell: LOST_UPDATE.
 */
final class VersionNotIncrementedRule implements Rule {
    private final TableConfig table;

    VersionNotIncrementedRule(TableConfig table) {
        this.table = table;
    }

    @Override
    public String id() {
        return "version-not-incremented";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        String version = table.attributes().version();
        Optional<VersionPair> pair =
                VersionPair.of(record, version).filter(p -> p.before().compareTo(p.after()) == 0);
        if (pair.isEmpty() || record.oldImage().equals(record.newImage())) {
            return Optional.empty();
        }
        String quantity = table.attributes().quantity();
        Optional<BigDecimal> oldQuantity = record.oldNumber(quantity);
        Optional<BigDecimal> newQuantity = record.newNumber(quantity);
        Optional<BigDecimal> delta = WriteStamp.delta(record, table.attributes());
        StringBuilder message = new StringBuilder(pair.get().describe(version));
        if (oldQuantity.isPresent() && newQuantity.isPresent()) {
            message.append(" while ")
                    .append(quantity)
                    .append(' ')
                    .append(oldQuantity.get().toPlainString())
                    .append(" → ")
                    .append(newQuantity.get().toPlainString());
        }
        delta.ifPresent(
                d -> message.append(" (delta ").append(WriteStamp.signed(d)).append(')'));
        boolean conserved = delta.isPresent()
                && oldQuantity.isPresent()
                && newQuantity.isPresent()
                && oldQuantity.get().add(delta.get()).compareTo(newQuantity.get()) == 0;
        if (conserved) {
            message.append(": conserved, but the write bypassed the version");
            return Optional.of(Violation.of(FindingClass.PROTOCOL, message.toString()));
        }
        return Optional.of(Violation.of(FindingClass.LOST_UPDATE, message.toString()));
    }
}
