package dev.driftwatch.cli;

/** Exit codes of every command. */
final class ExitCodes {
    static final int OK = 0;
    /** Findings where the command promises none, or a failure while running. */
    static final int FINDINGS_OR_FAILURE = 1;
    /** Bad arguments or configuration. */
    static final int USAGE = 2;

    private ExitCodes() {}
}
