package dev.driftwatch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on loopback standing in for PagerDuty: it answers 503 to the first
 * {@code failFirst} attempts of each dedup key (all of them while {@link #refuseAll}), 202 after,
 * and keeps every accepted event.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final int failFirst;
    private volatile boolean refuseAll;
    public final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    public final List<JsonNode> accepted = new CopyOnWriteArrayList<>();

    public WebhookReceiver(int failFirst) throws IOException {
        this.failFirst = failFirst;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/enqueue", exchange -> {
            JsonNode event =
                    JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int attempt = attempts.computeIfAbsent(event.path("dedup_key").asText(), k -> new AtomicInteger())
                    .incrementAndGet();
            boolean refuse = refuseAll || attempt <= failFirst;
            if (!refuse) {
                accepted.add(event);
            }
            byte[] body = (refuse ? "{\"status\":\"unavailable\"}" : "{\"status\":\"success\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refuse ? 503 : 202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue");
    }

    public void refuseAll(boolean refuse) {
        this.refuseAll = refuse;
    }

    public List<String> acceptedKeys() {
        return accepted.stream()
                .map(event -> event.get("dedup_key").asText())
                .sorted()
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
