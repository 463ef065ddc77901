package dev.driftwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.demo.RaceDemo;
import dev.driftwatch.demo.RaceMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `demo --keep` writes the configuration of the demo's tables: loaded back, it names them. */
class DemoKeepTest {
    @TempDir
    Path dir;

    @Test
    void demoConfig_loadedBack_namesTheDemoTableAndKeepsTheRest() throws IOException {
        Path original = dir.resolve("driftwatch.yaml");
        Files.writeString(
                original,
                "endpoint: local\nregion: eu-west-1\ntable: {name: inventory, key: \"#pk\", sortKey: \"@bin\","
                        + " attributes: {quantity: \"yes\", version: v, delta: d, writeId: wid, writer: who}}\n"
                        + "audit: {table: my-findings, redact: [card, \"e,mail]\"]}\n");
        ConfigLoader loader = new ConfigLoader(Map.of());
        DriftwatchConfig loaded = loader.load(original);
        Path written = dir.resolve("demo.yaml");
        Files.writeString(
                written, DemoCommand.demoConfig(loaded, "demo-inventory-20261201-1", RaceMode.UNSAFE_SHARDED));
        DriftwatchConfig demo = loader.load(written);
        assertEquals("demo-inventory-20261201-1", demo.table().name());
        assertEquals(loaded.table().withName("demo-inventory-20261201-1").withShardedCounters(true), demo.table());
        assertEquals("#pk", demo.table().key());
        assertEquals("yes", demo.table().attributes().quantity());
        assertEquals("my-findings", demo.audit().table());
        assertEquals(List.of("card", "e,mail]"), demo.audit().redact());
        assertEquals(loaded.endpoint(), demo.endpoint());
        assertEquals("eu-west-1", demo.region());
    }

    @Test
    void demoConfig_unstampedMode_keepsTheUnstampedWriters() throws IOException {
        ConfigLoader loader = new ConfigLoader(Map.of());
        Path original = dir.resolve("plain.yaml");
        Files.writeString(original, "endpoint: local\ntable: {name: inventory}\naudit: {table: f}\n");
        DriftwatchConfig loaded = loader.load(original);
        Path written = dir.resolve("demo.yaml");
        Files.writeString(written, DemoCommand.demoConfig(loaded, "demo-u", RaceMode.UNSAFE_UNSTAMPED));
        assertEquals(
                RaceDemo.demoTable(loaded.table(), "demo-u", RaceMode.UNSAFE_UNSTAMPED),
                loader.load(written).table());
    }
}
