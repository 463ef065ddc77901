package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml: KCL's and the adapter's notices that call for no action stay out of a newcomer's way. */
class LogbackConfigTest {
    private static LoggerContext shipped() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL file = LogbackConfigTest.class.getResource("/logback.xml");
        configurator.doConfigure(file);
        return context;
    }

    @Test
    void logback_configurationNotices_belowWarn() throws Exception {
        LoggerContext context = shipped();
        assertEquals(
                Level.ERROR,
                context.getLogger("com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory")
                        .getEffectiveLevel());
        assertEquals(
                Level.ERROR,
                context.getLogger("software.amazon.kinesis.worker.WorkerMetricsSelector")
                        .getEffectiveLevel());
    }

    @Test
    void logback_otherKclWarnings_stillShown() throws Exception {
        LoggerContext context = shipped();
        assertEquals(
                Level.WARN,
                context.getLogger("software.amazon.kinesis.coordinator.assignment.LeaseAssignmentManager")
                        .getEffectiveLevel());
        assertEquals(
                Level.WARN,
                context.getLogger("com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient")
                        .getEffectiveLevel());
    }
}
