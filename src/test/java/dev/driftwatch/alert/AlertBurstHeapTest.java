package dev.driftwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 3, in CI: 3,000 alerts whose findings carry 256 KB images each (750 MB in all) through a dispatcher
 * bounded at 200, in a JVM of 48 MB. Holding them (as the dispatcher did before the bound) is an OutOfMemoryError;
 * bounded, every alert is delivered once.
 */
class AlertBurstHeapTest {
    @Test
    void burst_farAboveTheBoundUnderASmallHeap_everyAlertDeliveredWithinTheBound() throws Exception {
        Path log = Files.createTempFile("alert-burst", ".log");
        Process process = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx48m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        AlertBurst.class.getName(),
                        "3000",
                        "262144",
                        "200"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()) // a pipe nobody reads would block the child once full
                .start();
        try {
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the burst did not end within 5 minutes");
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        String figures = output.lines()
                .filter(line -> line.startsWith("alert-burst "))
                .findFirst()
                .orElse("(no figures) " + output.substring(Math.max(0, output.length() - 2000)));
        assertEquals(0, process.exitValue(), figures);
        assertTrue(figures.contains(" delivered=3000 "), figures);
    }
}
