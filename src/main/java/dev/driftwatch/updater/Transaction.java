package dev.driftwatch.updater;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Several conditional writes that commit together or not at all (one TransactWriteItems). Built once,
 * validated at construction: at most 100 actions. Every attempt of one {@code transact} call sends
 * the same client request token, so a retried call applies once.
 */
public final class Transaction {
    public static final int MAX_ACTIONS = 100;

    private final List<Action> actions;
    private final Optional<String> token;

    private Transaction(List<Action> actions, Optional<String> token) {
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a transaction needs at least one action");
        }
        if (actions.size() > MAX_ACTIONS) {
            throw new IllegalArgumentException(
                    "a transaction holds at most " + MAX_ACTIONS + " actions, got: " + actions.size());
        }
        this.actions = List.copyOf(actions);
        this.token = token;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Action> actions() {
        return actions;
    }

    /** The caller's idempotency token, if given; otherwise one is drawn per {@code transact} call. */
    public Optional<String> token() {
        return token;
    }

    /** One action of a transaction, on the updater's table. */
    public sealed interface Action {
        Map<String, AttributeValue> key();
    }

    /**
     * Put a whole item at the next version. {@code expectedVersion} empty means the item must not
     * exist yet. The updater sets version, write id and writer, and drops any delta the item carries.
     */
    public record Put(Map<String, AttributeValue> item, Optional<Long> expectedVersion) implements Action {
        public Put {
            item = Map.copyOf(item);
        }

        @Override
        public Map<String, AttributeValue> key() {
            return item;
        }
    }

    /** A guarded adjustment, as {@code ConditionalUpdater.adjust}. */
    public record Adjust(
            Map<String, AttributeValue> key, String attribute, BigDecimal delta, Optional<BigDecimal> floor)
            implements Action {
        public Adjust {
            key = Map.copyOf(key);
        }
    }

    /** Delete at the expected version. */
    public record Delete(Map<String, AttributeValue> key, long expectedVersion) implements Action {
        public Delete {
            key = Map.copyOf(key);
        }
    }

    /** Write nothing, but require the item to be at this version. */
    public record VersionCheck(Map<String, AttributeValue> key, long expectedVersion) implements Action {
        public VersionCheck {
            key = Map.copyOf(key);
        }
    }

    /** Collects actions; {@link #build} validates them. */
    public static final class Builder {
        private final List<Action> actions = new ArrayList<>();
        private Optional<String> token = Optional.empty();

        public Builder put(Map<String, AttributeValue> item, Optional<Long> expectedVersion) {
            actions.add(new Put(item, expectedVersion));
            return this;
        }

        public Builder adjust(Map<String, AttributeValue> key, String attribute, BigDecimal delta, BigDecimal floor) {
            actions.add(new Adjust(key, attribute, delta, Optional.of(floor)));
            return this;
        }

        public Builder delete(Map<String, AttributeValue> key, long expectedVersion) {
            actions.add(new Delete(key, expectedVersion));
            return this;
        }

        public Builder check(Map<String, AttributeValue> key, long expectedVersion) {
            actions.add(new VersionCheck(key, expectedVersion));
            return this;
        }

        /** A client request token (1 to 36 characters) to make retries of the same transaction idempotent. */
        public Builder token(String clientRequestToken) {
            if (clientRequestToken == null || clientRequestToken.isEmpty() || clientRequestToken.length() > 36) {
                throw new IllegalArgumentException(
                        "token must be 1 to 36 characters, got: '" + clientRequestToken + "'");
            }
            this.token = Optional.of(clientRequestToken);
            return this;
        }

        public Transaction build() {
            return new Transaction(actions, token);
        }
    }
}
