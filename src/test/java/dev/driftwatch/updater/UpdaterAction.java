package dev.driftwatch.updater;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One call a writer of {@link UpdaterModelIT} makes: every operation of the updater and of the sharded counter, on a
 * few keys that every writer shares (plain keys 0 to {@link #KEYS} − 1, one sharded counter).
 */
sealed interface UpdaterAction {
    int KEYS = 3;

    /** {@code update} adding {@code delta} to the quantity, declining below 0; never creates. */
    record Update(int key, int delta) implements UpdaterAction {}

    /** The plain {@code adjust} with floor 0: at least once, maybe twice. */
    record Adjust(int key, int delta) implements UpdaterAction {}

    /** {@code adjustOnce} with floor 0, called a second time with the same id when {@code retried}. */
    record AdjustOnce(int key, int delta, boolean retried) implements UpdaterAction {}

    /** {@code update} setting the quantity to 0, then {@code delete} at the version it wrote. */
    record Delete(int key) implements UpdaterAction {}

    /** {@code update} that creates the item with {@code quantity} when it is missing and declines otherwise. */
    record Recreate(int key, int quantity) implements UpdaterAction {}

    /** {@code transact} moving {@code units} from one key to another under a client request token. */
    record Transfer(int from, int to, int units) implements UpdaterAction {}

    /** The sharded counter's {@code adjust} with floor 0. */
    record ShardAdjust(int delta) implements UpdaterAction {}

    /** The sharded counter's {@code reshard}. */
    record Reshard(int shards) implements UpdaterAction {}

    static Arbitrary<UpdaterAction> any() {
        Arbitrary<Integer> key = Arbitraries.integers().between(0, KEYS - 1);
        Arbitrary<Integer> delta = Arbitraries.integers().between(-3, 3).filter(d -> d != 0);
        Arbitrary<Integer> units = Arbitraries.integers().between(1, 3);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(key, delta).as(Update::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(key, delta).as(Adjust::new)),
                net.jqwik.api.Tuple.of(
                        3,
                        Combinators.combine(key, delta, Arbitraries.of(true, false))
                                .as(AdjustOnce::new)),
                net.jqwik.api.Tuple.of(1, key.map(Delete::new)),
                net.jqwik.api.Tuple.of(
                        1,
                        Combinators.combine(key, Arbitraries.integers().between(1, 50))
                                .as(Recreate::new)),
                net.jqwik.api.Tuple.of(
                        2,
                        Combinators.combine(key, Arbitraries.integers().between(1, KEYS - 1), units)
                                .as((from, step, u) -> new Transfer(from, (from + step) % KEYS, u))),
                net.jqwik.api.Tuple.of(3, delta.map(ShardAdjust::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 4).map(Reshard::new)));
    }

    /** Each writer's script: 2 or 3 writers, 3 to 12 calls each. */
    static Arbitrary<List<List<UpdaterAction>>> scripts() {
        return any().list().ofMinSize(3).ofMaxSize(12).list().ofMinSize(2).ofMaxSize(3);
    }
}
