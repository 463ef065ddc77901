package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import dev.driftwatch.record.UserIdentity;
import java.math.BigDecimal;
import java.util.Optional;

/** An item with stock was deleted by a writer (TTL deletions are exempt). */
final class RemoveWithStockRule implements Rule {
    private final String quantity;

    RemoveWithStockRule(TableConfig table) {
        this.quantity = table.attributes().quantity();
    }

    @Override
    public String id() {
        return "remove-with-stock";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        if (record.eventName() != EventName.REMOVE
                || record.userIdentity().map(UserIdentity::isTimeToLive).orElse(false)) {
            return Optional.empty();
        }
        Optional<BigDecimal> oldQuantity = record.oldNumber(quantity);
        if (oldQuantity.isEmpty() || oldQuantity.get().signum() <= 0) {
            return Optional.empty();
        }
        return Optional.of(Violation.of(
                FindingClass.INVARIANT,
                "item removed with " + quantity + " " + oldQuantity.get().toPlainString() + " still in stock"));
    }
}
