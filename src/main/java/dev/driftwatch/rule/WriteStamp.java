package dev.driftwatch.rule;

import dev.driftwatch.config.AttributeNames;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.Image;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a writer stamped on the write a record describes. The delta attribute persists on the item,
 * so a delta belongs to this write only when the write id changed with it (or the table uses no write
 * ids at all); otherwise it is a stale stamp of an earlier write.
 */
final class WriteStamp {
    private WriteStamp() {}

    static Optional<BigDecimal> delta(ChangeRecord record, AttributeNames names) {
        if (record.newImage().isEmpty()) {
            return Optional.empty();
        }
        Image newImage = record.newImage().get();
        Optional<BigDecimal> delta = newImage.number(names.delta());
        if (delta.isEmpty()) {
            return delta;
        }
        Optional<String> newWriteId = newImage.string(names.writeId());
        Optional<String> oldWriteId = record.oldImage().flatMap(image -> image.string(names.writeId()));
        if (newWriteId.isPresent() && newWriteId.equals(oldWriteId)) {
            return Optional.empty();
        }
        return delta;
    }

    static String signed(BigDecimal value) {
        return value.signum() > 0 ? "+" + value.toPlainString() : value.toPlainString();
    }
}
