package dev.driftwatch.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * An HTTP/1.1 proxy on loopback that injects faults between an SDK client and the endpoint: for a
 * share of requests it answers ThrottlingException (400) or InternalServerError (500) itself, resets
 * the connection, delays the answer, or forwards the request and drops the response (the write
 * landed, the client never hears of it and retries). Understands what the SDK sends: requests and
 * responses with Content-Length, keep-alive. The reliability tests and the unsafe-retry demo use it.
 */
public final class FaultProxy implements AutoCloseable {
    /** Shares of requests, each in [0, 1), tried in this order. */
    public record Faults(
            double throttle, double serverError, double reset, double delay, long delayMillis, double dropResponse) {
        public Faults(double throttle, double serverError, double reset, double delay, long delayMillis) {
            this(throttle, serverError, reset, delay, delayMillis, 0);
        }

        /** Only lost responses: a share of requests reaches the endpoint and its answer is cut off. */
        public static Faults droppedResponses(double share) {
            return new Faults(0, 0, 0, 0, 0, share);
        }
    }

    private final ServerSocket server;
    private final URI upstream;
    private final Faults faults;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    public final LongAdder forwarded = new LongAdder();
    public final LongAdder throttled = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder resets = new LongAdder();
    public final LongAdder delayed = new LongAdder();
    public final LongAdder dropped = new LongAdder();
    public final LongAdder trimmed = new LongAdder();
    /**
     * While set, every DynamoDB Streams GetShardIterator after or at a sequence number is answered as DynamoDB
     * answers one whose record is older than the stream's 24 hours: TrimmedDataAccessException.
     */
    public volatile boolean trimCheckpoints;

    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> dropNext =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Forwards the next {@code count} requests of DynamoDB operation {@code operation} (e.g. {@code PutItem}, the
     * end of the X-Amz-Target header) and drops their responses, whatever the shares say: a lost answer at a
     * chosen moment, for a test that must see one.
     */
    public void dropNextResponses(String operation, int count) {
        dropNext.computeIfAbsent(operation, o -> new java.util.concurrent.atomic.AtomicInteger())
                .addAndGet(count);
    }

    /**
     * As {@link #dropNextResponses(String, int)} for one request, and runs {@code meanwhile} after that request has
     * landed and before its client learns the answer is lost: another writer acting in the window before the resend.
     */
    public void dropNextResponse(String operation, Runnable meanwhile) {
        afterDrop.put(operation.toLowerCase(Locale.ROOT), meanwhile);
        dropNextResponses(operation, 1);
    }

    /**
     * Answers the next {@code count} requests of {@code operation} with ThrottlingException without forwarding them:
     * a failed attempt that certainly did not land.
     */
    public void throttleNext(String operation, int count) {
        throttleNext
                .computeIfAbsent(operation, o -> new java.util.concurrent.atomic.AtomicInteger())
                .addAndGet(count);
    }

    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger>
            throttleNext = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Runnable> afterDrop =
            new java.util.concurrent.ConcurrentHashMap<>();

    public FaultProxy(URI upstream, Faults faults) throws IOException {
        this.upstream = upstream;
        this.faults = faults;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.submit(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                Socket target = new Socket()) {
            target.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 2000);
            InputStream fromClient = client.getInputStream();
            OutputStream toClient = client.getOutputStream();
            InputStream fromTarget = target.getInputStream();
            OutputStream toTarget = target.getOutputStream();
            while (true) {
                byte[] request = readMessage(fromClient);
                if (request == null) {
                    return;
                }
                if (trimCheckpoints && checkpointIterator(request)) {
                    trimmed.increment();
                    toClient.write(error(
                            400,
                            "TrimmedDataAccessException",
                            "The operation attempted to read past"
                                    + " the oldest stream record in a shard (injected)"));
                    continue;
                }
                double dice = ThreadLocalRandom.current().nextDouble();
                if ((dice -= faults.throttle()) < 0 || chosen(throttleNext, request) != null) {
                    throttled.increment();
                    toClient.write(error(
                            400, "ThrottlingException", "Rate of requests exceeds the allowed throughput (injected)"));
                    continue;
                }
                if ((dice -= faults.serverError()) < 0) {
                    failed.increment();
                    toClient.write(error(500, "InternalServerError", "Internal server error (injected)"));
                    continue;
                }
                if ((dice -= faults.reset()) < 0) {
                    resets.increment();
                    client.setSoLinger(true, 0);
                    return;
                }
                if ((dice -= faults.delay()) < 0) {
                    delayed.increment();
                    Thread.sleep(faults.delayMillis());
                }
                String chosenDrop = chosen(dropNext, request);
                boolean drop = (dice -= faults.dropResponse()) < 0 || chosenDrop != null;
                toTarget.write(request);
                toTarget.flush();
                byte[] response = readMessage(fromTarget);
                if (response == null) {
                    return;
                }
                forwarded.increment();
                if (drop) {
                    dropped.increment();
                    Runnable meanwhile = chosenDrop == null ? null : afterDrop.remove(chosenDrop);
                    if (meanwhile != null) {
                        meanwhile.run();
                    }
                    client.setSoLinger(true, 0);
                    return;
                }
                toClient.write(response);
                toClient.flush();
            }
        } catch (IOException e) {
            // The client or the endpoint closed the connection: nothing to proxy any more.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The operation (lower case) of {@code request} if a count in {@code counts} chose it, taking one; else null. */
    private static String chosen(
            java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> counts,
            byte[] request) {
        if (counts.isEmpty()) {
            return null;
        }
        String text = new String(request, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (var entry : counts.entrySet()) {
            String operation = entry.getKey().toLowerCase(Locale.ROOT);
            if (text.contains("x-amz-target: dynamodb_20120810." + operation + "\r\n")
                    && entry.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return operation;
            }
        }
        return null;
    }

    private static boolean checkpointIterator(byte[] request) {
        String text = new String(request, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.contains("DynamoDBStreams_20120810.GetShardIterator")
                && (text.contains("AFTER_SEQUENCE_NUMBER") || text.contains("AT_SEQUENCE_NUMBER"));
    }

    private static byte[] error(int status, String type, String message) {
        String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}";
        String head = "HTTP/1.1 " + status + (status == 400 ? " Bad Request" : " Internal Server Error") + "\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\n"
                + "x-amzn-ErrorType: " + type + "\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
        return (head + body).getBytes(StandardCharsets.UTF_8);
    }

    /** One HTTP message (head and Content-Length body), or null at end of stream. */
    private static byte[] readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream(head.size() + length);
        head.writeTo(message);
        message.write(body);
        return message.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
