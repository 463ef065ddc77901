package dev.driftwatch.updater;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The in-memory model {@link UpdaterModelIT} holds the updater to. The stream is the table's history in the order
 * DynamoDB applied it; every call writes under a writer name of its own, so each stream record names the call that
 * made it. What each operation promises, checked against that history, the outcomes and the final table:
 *
 * <ul>
 *   <li>{@code update}, {@code adjustOnce}, {@code transact} and the sharded counter apply exactly once: one record
 *       per item for a call that returned Applied or Committed, none for any other outcome (Indeterminate: at most
 *       one), and a repeated {@code adjustOnce} returns AlreadyApplied;
 *   <li>the plain {@code adjust} applies at least once when Applied and may apply again: each extra application is
 *       a duplicate the detector must report;
 *   <li>every record changes the quantity by exactly the call's delta (nothing lost, nothing computed on a stale
 *       item); no record comes from nowhere; a delete (of an item emptied first by {@code update}, at the version
 *       that emptied it) that returned Applied removed the item once;
 *   <li>the table equals the model: the stream's last image of each item, and for items never deleted, the seed
 *       plus every applied delta; the sharded counter reads the seed plus every applied adjustment.
 * </ul>
 */
final class UpdaterModel {
    static final BigDecimal SEED = BigDecimal.valueOf(100);
    static final String COUNTER = "s";

    /** One call and what it returned (two outcomes for a repeated adjustOnce). */
    record Call(String writer, UpdaterAction action, List<Object> outcomes) {
        Object outcome() {
            return outcomes.get(0);
        }

        boolean applied() {
            return outcomes.stream()
                    .anyMatch(o -> o instanceof UpdateOutcome.Applied || o instanceof TransactionOutcome.Committed);
        }

        boolean indeterminate() {
            return outcomes.stream().anyMatch(o -> o instanceof UpdateOutcome.Indeterminate);
        }
    }

    /** What the checks found wrong (empty when the updater kept every promise), and the duplicates they expect. */
    record Verdict(List<String> violations, int expectedDuplicates, long operations, long indeterminate) {}

    private UpdaterModel() {}

    static String plainKey(int key) {
        return "k" + key;
    }

    static Verdict check(
            List<Call> calls,
            List<Record> stream,
            Map<String, Optional<Map<String, AttributeValue>>> table,
            Optional<BigDecimal> counter) {
        List<String> violations = new ArrayList<>();
        Map<String, List<Record>> byWriter = new HashMap<>();
        Map<String, Integer> removes = new HashMap<>();
        Map<String, Optional<Map<String, AttributeValue>>> folded = new HashMap<>();
        for (Record record : stream) {
            String key = record.dynamodb().keys().get("sku").s();
            if (record.eventNameAsString().equals("REMOVE")) {
                removes.merge(key, 1, Integer::sum);
                folded.put(key, Optional.empty());
                continue;
            }
            Map<String, AttributeValue> image = record.dynamodb().newImage();
            folded.put(key, Optional.of(image));
            AttributeValue writer = image.get("writer");
            String name = writer == null ? "?" : writer.s();
            byWriter.computeIfAbsent(name, n -> new ArrayList<>()).add(record);
        }
        int duplicates = 0;
        Map<String, BigDecimal> modelled = new HashMap<>();
        Map<String, Boolean> deterministic = new HashMap<>();
        BigDecimal counterModel = SEED;
        long operations = 0;
        for (Call call : calls) {
            operations += call.outcomes().size();
            List<Record> records = byWriter.getOrDefault(call.writer(), List.of());
            byWriter.remove(call.writer());
            String what = call.writer() + " " + call.action() + " → " + call.outcomes() + ": ";
            UpdaterAction action = call.action();
            if (action instanceof UpdaterAction.Update u) {
                exactlyOnce(call, records, what, violations);
                deltas(records, plainKey(u.key()), u.delta(), what, violations);
                credit(modelled, deterministic, call, plainKey(u.key()), u.delta() * records.size());
            } else if (action instanceof UpdaterAction.AdjustOnce a) {
                exactlyOnce(call, records, what, violations);
                deltas(records, plainKey(a.key()), a.delta(), what, violations);
                if (a.retried()
                        && call.outcome() instanceof UpdateOutcome.Applied
                        && !(call.outcomes().get(1) instanceof UpdateOutcome.AlreadyApplied)) {
                    violations.add(what + "a repeated operation id must be AlreadyApplied");
                }
                credit(modelled, deterministic, call, plainKey(a.key()), a.delta() * records.size());
            } else if (action instanceof UpdaterAction.Adjust a) {
                if (call.outcome() instanceof UpdateOutcome.Applied && records.isEmpty()) {
                    violations.add(what + "Applied but no record");
                }
                if (!(call.outcome() instanceof UpdateOutcome.Applied || call.indeterminate()) && !records.isEmpty()) {
                    violations.add(what + records.size() + " record(s) for an outcome that wrote nothing");
                }
                deltas(records, plainKey(a.key()), a.delta(), what, violations);
                duplicates += Math.max(0, records.size() - 1);
                credit(modelled, deterministic, call, plainKey(a.key()), a.delta() * records.size());
            } else if (action instanceof UpdaterAction.Recreate r) {
                exactlyOnce(call, records, what, violations);
                for (Record record : records) {
                    if (!record.eventNameAsString().equals("INSERT")
                            || !quantity(record.dynamodb().newImage()).equals(BigDecimal.valueOf(r.quantity()))) {
                        violations.add(what + "not an insert of " + r.quantity() + ": " + record.dynamodb());
                    }
                }
                deterministic.put(plainKey(r.key()), false);
            } else if (action instanceof UpdaterAction.Transfer t) {
                int expected = call.applied() ? 2 : 0;
                if (records.size() != expected) {
                    violations.add(what + records.size() + " records, expected " + expected);
                }
                deltas(
                        records.stream()
                                .filter(r -> key(r).equals(plainKey(t.from())))
                                .toList(),
                        plainKey(t.from()),
                        -t.units(),
                        what,
                        violations);
                deltas(
                        records.stream()
                                .filter(r -> key(r).equals(plainKey(t.to())))
                                .toList(),
                        plainKey(t.to()),
                        t.units(),
                        what,
                        violations);
                credit(modelled, deterministic, call, plainKey(t.from()), call.applied() ? -t.units() : 0);
                credit(modelled, deterministic, call, plainKey(t.to()), call.applied() ? t.units() : 0);
            } else if (action instanceof UpdaterAction.Delete d) {
                int drained = call.outcome() instanceof UpdateOutcome.Applied ? 1 : 0;
                boolean fine = records.size() == drained
                        || (call.outcome() instanceof UpdateOutcome.Indeterminate && records.size() <= 1);
                if (!fine
                        || records.stream()
                                .anyMatch(r -> quantity(r.dynamodb().newImage()).signum() != 0)) {
                    violations.add(what + records.size() + " record(s), expected " + drained + " emptying it");
                }
                deterministic.put(plainKey(d.key()), false);
            } else if (action instanceof UpdaterAction.ShardAdjust s) {
                if (call.applied()) {
                    counterModel = counterModel.add(BigDecimal.valueOf(s.delta()));
                }
                if (call.indeterminate()) {
                    violations.add(what + "the sharded counter must know whether it applied");
                }
            }
        }
        byWriter.remove("seed");
        byWriter.keySet().removeIf(writer -> writer.endsWith("-shards"));
        if (!byWriter.isEmpty()) {
            violations.add("records no call made: " + byWriter.keySet());
        }
        for (int k = 0; k < UpdaterAction.KEYS; k++) {
            String key = plainKey(k);
            int appliedDeletes = 0;
            int uncertainDeletes = 0;
            for (Call call : calls) {
                if (call.action() instanceof UpdaterAction.Delete d
                        && plainKey(d.key()).equals(key)
                        && call.outcomes().size() == 2) {
                    Object deleted = call.outcomes().get(1);
                    appliedDeletes += deleted instanceof UpdateOutcome.Applied ? 1 : 0;
                    uncertainDeletes += deleted instanceof UpdateOutcome.Indeterminate ? 1 : 0;
                }
            }
            int removed = removes.getOrDefault(key, 0);
            if (removed < appliedDeletes || removed > appliedDeletes + uncertainDeletes) {
                violations.add(key + ": " + removed + " removes for " + appliedDeletes + " applied deletes ("
                        + uncertainDeletes + " indeterminate)");
            }
            Optional<Map<String, AttributeValue>> actual = table.get(key);
            if (!folded.getOrDefault(key, Optional.empty()).equals(actual)) {
                violations.add(key + ": the table " + actual + " is not the stream's last image " + folded.get(key));
            }
            if (deterministic.getOrDefault(key, true)) {
                BigDecimal expected = SEED.add(modelled.getOrDefault(key, BigDecimal.ZERO));
                BigDecimal got = actual.map(UpdaterModel::quantity).orElse(null);
                if (got == null || got.compareTo(expected) != 0) {
                    violations.add(key + ": quantity " + got + ", the model says " + expected);
                }
            }
        }
        if (counter.isEmpty() || counter.get().compareTo(counterModel) != 0) {
            violations.add("sharded counter reads " + counter + ", the model says " + counterModel);
        }
        return new Verdict(
                violations,
                duplicates,
                operations,
                calls.stream().filter(Call::indeterminate).count());
    }

    private static void credit(
            Map<String, BigDecimal> modelled, Map<String, Boolean> deterministic, Call call, String key, int units) {
        modelled.merge(key, BigDecimal.valueOf(units), BigDecimal::add);
        if (call.indeterminate()) {
            deterministic.put(key, false);
        }
    }

    private static void exactlyOnce(Call call, List<Record> records, String what, List<String> violations) {
        int expected = call.applied() ? 1 : 0;
        boolean fine = records.size() == expected || (call.indeterminate() && records.size() <= 1);
        if (!fine) {
            violations.add(what + records.size() + " record(s), expected " + expected);
        }
    }

    private static void deltas(List<Record> records, String key, int delta, String what, List<String> violations) {
        for (Record record : records) {
            if (!key(record).equals(key)) {
                violations.add(what + "wrote " + key(record) + ", not " + key);
                continue;
            }
            Map<String, AttributeValue> old = record.dynamodb().oldImage();
            BigDecimal before = old == null || old.isEmpty() ? BigDecimal.ZERO : quantity(old);
            BigDecimal after = quantity(record.dynamodb().newImage());
            if (after.subtract(before).compareTo(BigDecimal.valueOf(delta)) != 0) {
                violations.add(what + key + " " + before + " → " + after + " is not " + delta);
            }
        }
    }

    private static String key(Record record) {
        return record.dynamodb().keys().get("sku").s();
    }

    private static BigDecimal quantity(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("quantity");
        return value == null ? BigDecimal.ZERO : new BigDecimal(value.n());
    }
}
