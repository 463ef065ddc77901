package dev.driftwatch.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP endpoint: {@code GET /metrics} (Prometheus text format) and {@code GET /health}
 * (200 UP while the scheduler runs, holding or waiting for leases; 200 DEGRADED with reasons while a
 * shard is stuck; 503 DOWN once the scheduler has died).
 *
 * <p>In a container it listens beyond loopback so that probes reach it, and so anything on the network
 * can talk to it. Bounds keep one client from silencing the probes: {@value #WORKERS} workers, a request
 * must arrive whole within {@link #READ_DEADLINE} (else 408 and the connection is closed), its request
 * line and headers within {@value #MAX_REQUEST_BYTES} bytes (else 431); connections beyond the queue are
 * closed at once. Every response closes its connection.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    static final int WORKERS = 8;
    static final int QUEUED_CONNECTIONS = 32;
    static final int MAX_REQUEST_BYTES = 8 * 1024;
    static final Duration READ_DEADLINE = Duration.ofSeconds(2);
    /** A connection is closed this long after it was accepted, answered or not: a client that never reads
     * a long {@code /metrics} cannot hold a worker. */
    static final Duration CONNECTION_DEADLINE = Duration.ofSeconds(5);

    private final ServerSocket socket;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final java.util.concurrent.ScheduledExecutorService reaper =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    runnable -> daemonThread(runnable, "driftwatch-http-reaper"));
    private final Supplier<String> metrics;
    private final Supplier<Health> health;

    private OpsServer(ServerSocket socket, Supplier<String> metrics, Supplier<Health> health) {
        this.socket = socket;
        this.metrics = metrics;
        this.health = health;
        this.workers = new ThreadPoolExecutor(
                WORKERS,
                WORKERS,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_CONNECTIONS),
                runnable -> daemonThread(runnable, "driftwatch-http"));
        this.acceptor = daemonThread(this::accept, "driftwatch-http-accept");
    }

    /** Binds and starts serving, {@code /health} UP while {@code healthy}, else DOWN. */
    public static OpsServer start(String bind, int port, Supplier<String> metrics, BooleanSupplier healthy)
            throws IOException {
        return serve(bind, port, metrics, () -> healthy.getAsBoolean() ? Health.UP : Health.DOWN);
    }

    /** Binds and starts serving; port 0 picks a free port (see {@link #port}). */
    public static OpsServer serve(String bind, int port, Supplier<String> metrics, Supplier<Health> health)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(bind, port), QUEUED_CONNECTIONS);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        OpsServer server = new OpsServer(socket, metrics, health);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("ops server accept failed error=\"{}\"", e.toString());
                    pause(); // a persistent failure (out of file descriptors) must not spin a core
                }
                continue;
            }
            try {
                workers.execute(() -> serve(connection));
            } catch (RejectedExecutionException e) {
                closeQuietly(connection); // every worker busy and the queue full: refuse rather than wait
            }
        }
    }

    private void serve(Socket connection) {
        java.util.concurrent.ScheduledFuture<?> reap =
                reaper.schedule(() -> closeQuietly(connection), CONNECTION_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        try (connection) {
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            Request request;
            try {
                request = Request.read(connection, deadline);
            } catch (SocketTimeoutException e) {
                write(connection, 408, "text/plain", "request not received in time\n");
                return;
            }
            if (request == null) {
                return; // closed before a request line
            }
            if (request.tooLarge()) {
                write(connection, 431, "text/plain", "request headers too large\n");
                return;
            }
            respond(connection, request);
        } catch (SocketException e) {
            // the client went away
        } catch (IOException | RuntimeException e) {
            LOG.warn("ops server request failed error=\"{}\"", e.toString());
        } finally {
            reap.cancel(false);
        }
    }

    /** Paths under {@code /metrics} and {@code /health} are theirs (as the JDK server's contexts were). */
    private void respond(Socket connection, Request request) throws IOException {
        boolean head = "HEAD".equals(request.method());
        boolean isMetrics = request.path().startsWith("/metrics");
        if (!isMetrics && !request.path().startsWith("/health")) {
            write(connection, 404, "text/plain", "not found\n", head);
        } else if (!"GET".equals(request.method()) && !head) {
            write(connection, 405, "text/plain", "method not allowed\n", false);
        } else if (isMetrics) {
            write(connection, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get(), head);
        } else {
            Health now = health.get();
            write(connection, now.serving() ? 200 : 503, "application/json", now.json(), head);
        }
    }

    private static void write(Socket connection, int status, String contentType, String body) throws IOException {
        write(connection, status, contentType, body, false);
    }

    /** {@code headOnly}: the headers a GET would get, without the body (a HEAD request). */
    private static void write(Socket connection, int status, String contentType, String body, boolean headOnly)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = connection.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (!headOnly) {
            out.write(bytes);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** The request line and headers of one request, read within a deadline and a size bound. */
    private record Request(String method, String path, boolean tooLarge) {
        /** @return null when the client closed before sending a request line */
        static Request read(Socket connection, long deadlineNanos) throws IOException {
            InputStream in = connection.getInputStream();
            byte[] buffer = new byte[MAX_REQUEST_BYTES];
            int length = 0;
            while (true) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (remainingMillis <= 0) {
                    throw new SocketTimeoutException("request deadline passed");
                }
                connection.setSoTimeout((int) remainingMillis);
                if (length == buffer.length) {
                    return new Request("", "", true);
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    return length == 0 ? null : parse(buffer, length);
                }
                int scanFrom = Math.max(1, length - 3);
                length += read;
                if (endOfHeaders(buffer, scanFrom, length)) {
                    return parse(buffer, length);
                }
            }
        }

        /** A blank line ends the headers: CRLF CRLF, or LF LF from a lenient client. */
        private static boolean endOfHeaders(byte[] buffer, int from, int length) {
            for (int i = Math.max(1, from); i < length; i++) {
                if (buffer[i] == '\n' && buffer[i - 1] == '\n') {
                    return true;
                }
                if (i >= 3
                        && buffer[i - 3] == '\r'
                        && buffer[i - 2] == '\n'
                        && buffer[i - 1] == '\r'
                        && buffer[i] == '\n') {
                    return true;
                }
            }
            return false;
        }

        private static Request parse(byte[] buffer, int length) {
            String text = new String(buffer, 0, length, StandardCharsets.US_ASCII);
            int lineEnd = text.indexOf('\n');
            String[] line =
                    (lineEnd < 0 ? text : text.substring(0, lineEnd)).trim().split(" ");
            String target = line.length > 1 ? line[1] : "";
            if (target.startsWith("http://") || target.startsWith("https://")) {
                int path = target.indexOf('/', target.indexOf("//") + 2); // absolute form: keep the path
                target = path < 0 ? "/" : target.substring(path);
            }
            int query = target.indexOf('?');
            return new Request(line[0], query < 0 ? target : target.substring(0, query), false);
        }
    }

    private static Thread daemonThread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // nothing to do: the connection is being refused
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.warn("ops server close failed error=\"{}\"", e.toString());
        }
        workers.shutdownNow();
        reaper.shutdownNow();
    }
}
