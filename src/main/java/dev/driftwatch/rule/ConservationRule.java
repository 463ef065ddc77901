package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A write that carries its delta must move the quantity by exactly that delta:
 * lostUnits = new − (old + delta). Summed over an item's records it equals the final quantity minus
 * what its writers intended.
 */
final class ConservationRule implements Rule {
    private final TableConfig table;

    ConservationRule(TableConfig table) {
        this.table = table;
    }

    @Override
    public String id() {
        return "conservation";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        if (record.eventName() != EventName.MODIFY) {
            return Optional.empty();
        }
        String quantity = table.attributes().quantity();
        Optional<BigDecimal> delta = WriteStamp.delta(record, table.attributes());
        Optional<BigDecimal> oldQuantity = record.oldNumber(quantity);
        Optional<BigDecimal> newQuantity = record.newNumber(quantity);
        if (delta.isEmpty() || oldQuantity.isEmpty() || newQuantity.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal expected = oldQuantity.get().add(delta.get());
        BigDecimal lost = newQuantity.get().subtract(expected);
        if (lost.signum() == 0) {
            return Optional.empty();
        }
        String message = quantity + " " + oldQuantity.get().toPlainString() + " → "
                + newQuantity.get().toPlainString()
                + " with delta " + WriteStamp.signed(delta.get()) + ", expected " + expected.toPlainString()
                + ": " + WriteStamp.signed(lost) + " units "
                + (lost.signum() > 0 ? "kept that a writer had taken" : "dropped that a writer had added");
        return Optional.of(new Violation(message, FindingClass.LOST_UPDATE, Optional.of(lost)));
    }
}
