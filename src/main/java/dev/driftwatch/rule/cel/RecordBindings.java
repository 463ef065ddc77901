package dev.driftwatch.rule.cel;

import dev.cel.runtime.CelVariableResolver;
import dev.driftwatch.record.ChangeRecord;
import dev.driftwatch.record.Image;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of one record, converted on first use and shared by every CEL rule of the record: the
 * last record's bindings are kept per thread, so N rules convert an image once, not N times.
 */
final class RecordBindings implements CelVariableResolver {
    private static final ThreadLocal<RecordBindings> LAST = new ThreadLocal<>();

    private final ChangeRecord record;
    private Map<String, Object> oldSelf;
    private Map<String, Object> newSelf;
    private Map<String, Object> keys;

    private RecordBindings(ChangeRecord record) {
        this.record = record;
    }

    static RecordBindings of(ChangeRecord record) {
        RecordBindings last = LAST.get();
        if (last != null && last.record == record) {
            return last;
        }
        RecordBindings bindings = new RecordBindings(record);
        LAST.set(bindings);
        return bindings;
    }

    /** Whether the record has the variable: oldSelf is absent on INSERT, newSelf on REMOVE. */
    boolean has(String variable) {
        return switch (variable) {
            case CelEnvironment.OLD_SELF -> record.oldImage().isPresent();
            case CelEnvironment.NEW_SELF -> record.newImage().isPresent();
            default -> true;
        };
    }

    @Override
    public Optional<Object> find(String name) {
        return switch (name) {
            case CelEnvironment.OLD_SELF ->
                record.oldImage().map(image -> {
                    if (oldSelf == null) {
                        oldSelf = convert(image);
                    }
                    return oldSelf;
                });
            case CelEnvironment.NEW_SELF ->
                record.newImage().map(image -> {
                    if (newSelf == null) {
                        newSelf = convert(image);
                    }
                    return newSelf;
                });
            case CelEnvironment.EVENT -> Optional.of(record.eventName().name());
            case CelEnvironment.KEYS -> {
                if (keys == null) {
                    keys = CelValues.image(record.keys());
                }
                yield Optional.of(keys);
            }
            default -> Optional.empty();
        };
    }

    private static Map<String, Object> convert(Image image) {
        return new LazyImage(image.attributes());
    }
}
