package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where the next page of findings starts: after the last finding shown, which is the
 * (detectedAt, id) pair that newest-first order put last. Printed and parsed as
 * {@code instant/id}: {@code driftwatch findings --page} and the web view's {@code page} parameter take it.
 */
public record PageToken(Instant detectedAt, String id) {

    public static PageToken after(Finding finding) {
        return new PageToken(finding.detectedAt(), finding.id());
    }

    public static PageToken parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 1 || slash == text.length() - 1) {
            throw new IllegalArgumentException(
                    "--page: expected the token printed by the previous page, got '" + text + "'");
        }
        try {
            return new PageToken(Instant.parse(text.substring(0, slash)), text.substring(slash + 1));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--page: expected the token printed by the previous page, got '" + text + "'");
        }
    }

    /** True for the findings that come after this token in newest-first order. */
    public boolean precedes(Finding finding) {
        int byTime = finding.detectedAt().compareTo(detectedAt);
        return byTime < 0 || (byTime == 0 && finding.id().compareTo(id) < 0);
    }

    @Override
    public String toString() {
        return detectedAt + "/" + id;
    }
}
