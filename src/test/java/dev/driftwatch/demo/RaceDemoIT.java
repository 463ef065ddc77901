package dev.driftwatch.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.support.TestEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The race in short form: unsafe writers lose units and driftwatch accounts for every one. */
class RaceDemoIT {
    @Test
    void run_unsafeWriters_detectedLostUnitsEqualActualAndAboveZero() throws Exception {
        RaceReport report = new RaceDemo(TestEndpoint.clients(), TestEndpoint.freshConfig(), line -> {})
                .run(new RaceSettings(8, 300, 3, 10_000, Duration.ofSeconds(120)));
        assertTrue(report.actualLostUnits() > 0, "the race lost nothing: " + report);
        assertEquals(report.actualLostUnits(), report.detectedLostUnits());
        assertEquals(0, report.itemsMismatched());
        assertEquals(303, report.records());
        assertTrue(report.findingsByRule().getOrDefault("conservation", 0L) > 0, report.toString());
    }
}
