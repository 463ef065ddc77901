package dev.driftwatch.config;

import dev.driftwatch.validation.Require;

/**
 * The daemon's HTTP endpoint for {@code /metrics} and {@code /health}: bound to loopback unless
 * configured otherwise; port 0 turns it off.
 */
public record HttpConfig(String bind, int port) {
    public static final HttpConfig DEFAULT = new HttpConfig("127.0.0.1", 9464);

    public HttpConfig {
        Require.notBlank("http.bind", bind);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http.port: expected 0 (off) to 65535, got: " + port);
        }
    }

    public boolean enabled() {
        return port > 0;
    }
}
