package dev.driftwatch.local;

import dev.driftwatch.config.Environment;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The shared local endpoint that {@code driftwatch local start} leaves running: its URL and pid are
 * kept in {@code .local/endpoint.properties} so that later commands find it.
 */
public final class LocalEndpoint {
    private final Path home;

    public LocalEndpoint(Path home) {
        this.home = home;
    }

    /** {@code $DRIFTWATCH_HOME}, or {@code .local} in the working directory. */
    public static Path defaultHome() {
        return Path.of(Environment.system().get(Environment.HOME).orElse(".local"))
                .toAbsolutePath();
    }

    public Path home() {
        return home;
    }

    /** A running endpoint as recorded in the state file. */
    public record Running(URI url, long pid) {}

    /** The endpoint recorded as running, if its process is alive and answers. */
    public Optional<Running> status() {
        Path state = stateFile();
        if (!Files.exists(state)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(state)) {
            properties.load(reader);
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            Running running = new Running(
                    URI.create(properties.getProperty("url")), Long.parseLong(properties.getProperty("pid")));
            boolean alive =
                    ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive && MotoProcess.answers(running.url()) ? Optional.of(running) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Starts the endpoint unless it already runs; either way returns it. */
    public Running start(PrintStream progress) {
        Optional<Running> existing = status();
        if (existing.isPresent()) {
            return existing.get();
        }
        MotoProcess moto = MotoProcess.start(home, progress);
        Running running = new Running(moto.url(), moto.pid());
        Properties properties = new Properties();
        properties.setProperty("url", running.url().toString());
        properties.setProperty("pid", Long.toString(running.pid()));
        try (Writer writer = Files.newBufferedWriter(stateFile())) {
            properties.store(writer, "driftwatch local endpoint");
        } catch (IOException e) {
            moto.stop();
            throw new LocalEndpointException("cannot write " + stateFile() + ": " + e.getMessage(), e);
        }
        return running;
    }

    /** Stops the recorded endpoint; returns false when none was running. */
    public boolean stop() {
        Optional<Running> running = status();
        running.flatMap(r -> ProcessHandle.of(r.pid())).ifPresent(handle -> {
            handle.destroy();
            try {
                handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(stateFile());
        } catch (IOException e) {
            throw new LocalEndpointException("cannot remove " + stateFile() + ": " + e.getMessage(), e);
        }
        return running.isPresent();
    }

    /** The URL of the running endpoint, or a clear error telling how to start it. */
    public URI requireUrl() {
        return status().map(Running::url)
                .orElseThrow(() -> new LocalEndpointException(
                        "the local endpoint is not running: start it with './driftwatch local start'"));
    }

    private Path stateFile() {
        return home.resolve("endpoint.properties");
    }
}
