package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import java.math.BigDecimal;
import java.util.Optional;

/** The new quantity is below the floor (default 0). */
final class NegativeStockRule implements Rule {
    private final String quantity;
    private final BigDecimal floor;

    NegativeStockRule(TableConfig table) {
        this.quantity = table.attributes().quantity();
        this.floor = table.floor();
    }

    @Override
    public String id() {
        return "negative-stock";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        Optional<BigDecimal> newQuantity = record.newNumber(quantity);
        if (newQuantity.isEmpty() || newQuantity.get().compareTo(floor) >= 0) {
            return Optional.empty();
        }
        String before =
                record.oldNumber(quantity).map(q -> q.toPlainString() + " → ").orElse("");
        return Optional.of(Violation.of(
                FindingClass.INVARIANT,
                quantity + " " + before + newQuantity.get().toPlainString() + " is below the floor "
                        + floor.toPlainString()));
    }
}
