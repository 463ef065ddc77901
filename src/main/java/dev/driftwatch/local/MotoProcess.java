package dev.driftwatch.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One moto server process on a loopback port, started through driftwatch's launcher. */
public final class MotoProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI url;

    private MotoProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts moto on a free loopback port and waits until it answers HTTP. */
    public static MotoProcess start(Path home, PrintStream progress) {
        PythonEnvironment environment = new PythonEnvironment(home);
        environment.ensure(progress);
        int port = freePort();
        URI url = URI.create("http://127.0.0.1:" + port);
        Path log = home.resolve("moto-" + port + ".log");
        Process process;
        try {
            process = new ProcessBuilder(List.of(
                            environment.python().toString(),
                            environment.launcher().toString(),
                            "--host",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new LocalEndpointException("cannot start moto: " + e.getMessage(), e);
        }
        MotoProcess moto = new MotoProcess(process, url);
        moto.awaitReady(log);
        return moto;
    }

    public URI url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** True when something answers HTTP at the URL. */
    public static boolean answers(URI url) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            client.send(
                    HttpRequest.newBuilder(url.resolve("/moto-api/"))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitReady(Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LocalEndpointException(
                        "moto exited with code " + process.exitValue() + " at start; see " + log);
            }
            if (answers(url)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
                throw new LocalEndpointException("interrupted while starting moto", e);
            }
        }
        stop();
        throw new LocalEndpointException("moto did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalEndpointException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
