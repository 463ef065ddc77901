package dev.driftwatch.rule;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.EventName;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The same logical write landed twice: a MODIFY whose new write id equals the old one while the
 * quantity moved, or whose write id an earlier record of the item already carried (other writes
 * landed in between). Every write stamps a fresh id, so only a retry of the very same request (an
 * SDK retry after a lost response) can do this. lostUnits = new − old, the change applied again;
 * summed with conservation's it still equals final quantity minus what writers intended. The one
 * rule with state: a bounded memory of recent write ids per item ({@link RecentWrites}).
 */
final class DuplicateApplyRule implements Rule {
    private final TableConfig table;
    private final RecentWrites recent = new RecentWrites();

    DuplicateApplyRule(TableConfig table) {
        this.table = table;
    }

    @Override
    public String id() {
        return "duplicate-apply";
    }

    @Override
    public Optional<Violation> check(ChangeRecord record) {
        if (record.eventName() != EventName.MODIFY
                || record.oldImage().isEmpty()
                || record.newImage().isEmpty()) {
            return Optional.empty();
        }
        String writeIdName = table.attributes().writeId();
        Optional<String> oldWriteId = record.oldImage().get().string(writeIdName);
        Optional<String> newWriteId = record.newImage().get().string(writeIdName);
        if (newWriteId.isEmpty()) {
            return Optional.empty();
        }
        String quantity = table.attributes().quantity();
        Optional<BigDecimal> oldQuantity = record.oldNumber(quantity);
        Optional<BigDecimal> newQuantity = record.newNumber(quantity);
        if (oldQuantity.isEmpty() || newQuantity.isEmpty() || oldQuantity.get().compareTo(newQuantity.get()) == 0) {
            return Optional.empty();
        }
        boolean consecutive = newWriteId.equals(oldWriteId);
        Optional<BigInteger> earlier =
                recent.seenEarlier(record.table() + "#" + record.itemKey(), newWriteId.get(), sequence(record));
        if (!consecutive && earlier.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal again = newQuantity.get().subtract(oldQuantity.get());
        String message =
                "write " + newWriteId.get() + " applied " + (consecutive ? "a second time" : "again after other writes")
                        + ": " + quantity + " " + oldQuantity.get().toPlainString() + " → "
                        + newQuantity.get().toPlainString() + " ("
                        + WriteStamp.signed(again) + " units again; a retried non-idempotent write)";
        return Optional.of(new Violation(message, FindingClass.DUPLICATE_WRITE, Optional.of(again)));
    }

    private static BigInteger sequence(ChangeRecord record) {
        try {
            return new BigInteger(record.sequenceNumber());
        } catch (NumberFormatException e) {
            return BigInteger.ZERO;
        }
    }
}
