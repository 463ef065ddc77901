package dev.driftwatch.rule;

/** A rule that could not be evaluated on one record; the engine turns it into an INPUT finding. */
public final class RuleEvaluationException extends RuntimeException {
    public RuleEvaluationException(String message) {
        super(message);
    }
}
