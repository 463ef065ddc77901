package dev.driftwatch.finding;

/** What kind of defect a finding shows; decides the default severity. */
public enum FindingClass {
    /** A write overwrote another one: units or changes are gone. */
    LOST_UPDATE(Severity.CRITICAL),
    /** One write landed twice (a retried non-idempotent write): its change counted double. */
    DUPLICATE_WRITE(Severity.CRITICAL),
    /** A business invariant does not hold (negative stock, removing stocked items). */
    INVARIANT(Severity.ERROR),
    /** A writer broke the versioning protocol without losing anything yet. */
    PROTOCOL(Severity.WARNING),
    /** The audit trail and the table disagree. */
    DRIFT(Severity.ERROR),
    /** A record or a rule could not be evaluated. */
    INPUT(Severity.WARNING);

    private final Severity defaultSeverity;

    FindingClass(Severity defaultSeverity) {
        this.defaultSeverity = defaultSeverity;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }
}
