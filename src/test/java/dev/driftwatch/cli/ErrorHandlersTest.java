package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorHandlersTest {
    private final StringWriter err = new StringWriter();
    private final CommandLine command = new CommandLine(new DriftwatchCommand()).setErr(new PrintWriter(err, true));

    @Test
    void executionError_usageException_exitTwoOneLine() {
        int exit = ErrorHandlers.executionError(new UsageException("--limit must be at least 1, got 0"), command, null);

        assertEquals(2, exit);
        assertEquals(
                "driftwatch: --limit must be at least 1, got 0", err.toString().strip());
    }

    @Test
    void executionError_illegalArgumentFromADefect_exitOneReportedAsUnexpected() {
        int exit = ErrorHandlers.executionError(new IllegalArgumentException("shards must be positive"), command, null);

        assertEquals(1, exit);
        assertTrue(
                err.toString()
                        .startsWith("driftwatch: unexpected error: java.lang.IllegalArgumentException: shards must be"),
                err.toString());
    }

    @Test
    void check_domainRefusesTheArguments_usageExceptionWithItsMessage() {
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(
                UsageException.class,
                () -> UsageException.check(() -> {
                    throw new IllegalArgumentException("writers must be 1 to 256, got: 0");
                }));

        assertEquals("writers must be 1 to 256, got: 0", e.getMessage());
    }
}
