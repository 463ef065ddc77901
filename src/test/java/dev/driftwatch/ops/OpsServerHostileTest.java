package dev.driftwatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 10: in a container the ops server listens beyond loopback, so anything on the network
 * can talk to it; a client that sends a byte and waits must not keep the probes from an answer.
 */
class OpsServerHostileTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private int health(OpsServer server) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void health_sixSlowClientsHoldingConnections_stillAnswered() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> "", () -> true)) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    Socket socket = new Socket("127.0.0.1", server.port());
                    socket.getOutputStream().write('G');
                    socket.getOutputStream().flush();
                    slow.add(socket);
                }
                assertEquals(200, health(server));
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void request_slowClient_connectionClosedAfterTheReadDeadline() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> "", () -> true);
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write('G');
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            String text = new String(answer, StandardCharsets.US_ASCII);
            assertTrue(text.isEmpty() || text.startsWith("HTTP/1.1 408"), text);
        }
    }

    @Test
    void request_headersBeyondTheBound_refused431() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> "", () -> true);
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; i < 400; i++) {
                request.append("X-Filler-")
                        .append(i)
                        .append(": ")
                        .append("y".repeat(40))
                        .append("\r\n");
            }
            request.append("\r\n");
            try {
                out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closedWhileWriting) {
                // the server may close as soon as the bound is passed
            }
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 431", status);
        }
    }

    /** Clients that used to work against the JDK server: HEAD, paths under the context, absolute-form targets. */
    @Test
    void request_headAbsoluteFormAndSubpaths_answeredAsBefore() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> "metric 1\n", () -> true)) {
            assertEquals("HTTP/1.1 200 OK|", raw(server, "HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertTrue(raw(server, "GET http://127.0.0.1/health HTTP/1.1\r\nHost: x\r\n\r\n")
                    .endsWith("{\"status\":\"UP\"}\n"));
            assertTrue(raw(server, "GET /metrics/ HTTP/1.1\nHost: x\n\n").endsWith("metric 1\n"));
        }
    }

    /** The status line, and after a bar the body. */
    private static String raw(OpsServer server, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            int end = response.indexOf("\r\n\r\n");
            return response.substring(0, response.indexOf("\r\n")) + "|" + response.substring(end + 4);
        }
    }
}
