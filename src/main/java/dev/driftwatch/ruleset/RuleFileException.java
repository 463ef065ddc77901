package dev.driftwatch.ruleset;

/** A rules file that cannot be used; the message is one line naming the file, line and rule. */
public final class RuleFileException extends RuntimeException {
    public RuleFileException(String message) {
        super(message);
    }
}
