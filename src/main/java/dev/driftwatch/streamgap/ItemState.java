package dev.driftwatch.streamgap;

import dev.driftwatch.validation.Require;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What the audit trail last saw of one item: the sequence number of its last record, the digest of
 * that record's new image ({@link ImageDigest#ABSENT} after a REMOVE), and its version then.
 */
public record ItemState(String itemKey, String sequenceNumber, String imageDigest, Optional<BigDecimal> version) {
    /**
     * The sequence number of a state adopted by reconcile from the table itself: older than every record, so the
     * item's next record replaces it.
     */
    public static final String BASELINE_SEQUENCE = "0";

    /** Wide enough for every stream sequence number (21 to 40 digits), so that text order is number order. */
    static final int SEQUENCE_WIDTH = 40;

    public ItemState {
        Require.notEmpty("itemKey", itemKey);
        Require.notBlank("sequenceNumber", sequenceNumber);
        Require.notBlank("imageDigest", imageDigest);
        Objects.requireNonNull(version, "version");
    }

    /** The sequence number left-padded with zeros: compare these, as text, to order records of a stream. */
    public static String sortable(String sequenceNumber) {
        if (sequenceNumber.length() >= SEQUENCE_WIDTH) {
            return sequenceNumber;
        }
        return "0".repeat(SEQUENCE_WIDTH - sequenceNumber.length()) + sequenceNumber;
    }

    /** A state that reconcile adopted from a scan of the table, not one a record showed. */
    public boolean isBaseline() {
        return BASELINE_SEQUENCE.equals(sequenceNumber);
    }

    public String sortableSequence() {
        return sortable(sequenceNumber);
    }

    public boolean isAtOrAfter(String otherSequence) {
        return sortableSequence().compareTo(sortable(otherSequence)) >= 0;
    }
}
