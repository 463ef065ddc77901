package dev.driftwatch.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.config.ConsumerConfig;
import org.junit.jupiter.api.Test;

class WorkerIdTest {
    @Test
    void workerId_configured_sameOnEveryStart() {
        ConsumerConfig consumer =
                ConsumerConfig.local("app").toBuilder().workerId("driftwatch-0").build();
        assertEquals("driftwatch-0", StreamDaemon.workerId(consumer));
        assertEquals("driftwatch-0", StreamDaemon.workerId(consumer));
    }

    @Test
    void workerId_unset_newHostQualifiedOnePerStart() {
        ConsumerConfig consumer = ConsumerConfig.local("app");
        String first = StreamDaemon.workerId(consumer);
        assertTrue(first.matches(".+:[0-9a-f-]{36}"), first);
        assertNotEquals(first, StreamDaemon.workerId(consumer));
    }

    @Test
    void consumerConfig_workerIdWithSlashAndColon_accepted() {
        assertEquals(
                "ns/driftwatch-2:a",
                ConsumerConfig.local("app").toBuilder()
                        .workerId("ns/driftwatch-2:a")
                        .build()
                        .workerId());
    }
}
