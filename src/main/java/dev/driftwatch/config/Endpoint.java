package dev.driftwatch.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the AWS clients connect: the local endpoint (started by {@code driftwatch local}), the AWS
 * default chain, or an explicit URL.
 */
public record Endpoint(Kind kind, Optional<URI> url) {

    /** The three ways to reach DynamoDB. */
    public enum Kind {
        LOCAL,
        AWS,
        URL
    }

    public Endpoint {
        if (kind == Kind.URL && url.isEmpty()) {
            throw new IllegalArgumentException("endpoint of kind URL needs a url");
        }
    }

    public static Endpoint local() {
        return new Endpoint(Kind.LOCAL, Optional.empty());
    }

    public static Endpoint aws() {
        return new Endpoint(Kind.AWS, Optional.empty());
    }

    public static Endpoint url(URI url) {
        return new Endpoint(Kind.URL, Optional.of(url));
    }

    /** Parses the config value: {@code local}, empty (AWS default chain) or an http(s) URL. */
    public static Endpoint parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        if (trimmed.isEmpty()) {
            return aws();
        }
        if (trimmed.equals("local")) {
            return local();
        }
        if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
            return url(URI.create(trimmed));
        }
        throw new IllegalArgumentException("expected 'local', empty or an http(s) URL, got: '" + value + "'");
    }
}
