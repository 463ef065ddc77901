package dev.driftwatch.app;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Endpoint;
import dev.driftwatch.local.LocalEndpoint;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/** Turns the configured endpoint into SDK clients. */
public final class Endpoints {
    private Endpoints() {}

    public static AwsClients clients(DriftwatchConfig config) {
        return clients(config, List.of());
    }

    /** The same, running {@code interceptors} on every call (the cost meter). */
    public static AwsClients clients(DriftwatchConfig config, List<ExecutionInterceptor> interceptors) {
        Region region = Region.of(config.region());
        return switch (config.endpoint().kind()) {
            case AWS -> new AwsClients(Optional.empty(), region, interceptors);
            case URL -> new AwsClients(config.endpoint().url(), region, interceptors);
            case LOCAL ->
                new AwsClients(
                        Optional.of(new LocalEndpoint(LocalEndpoint.defaultHome()).requireUrl()), region, interceptors);
        };
    }

    /** Clients like {@code direct}'s that talk through {@code proxy} instead (the demo's response-dropping proxy). */
    public static AwsClients through(URI proxy, AwsClients direct) {
        return new AwsClients(Optional.of(proxy), direct.region());
    }

    public static boolean isLocal(DriftwatchConfig config) {
        return config.endpoint().kind() == Endpoint.Kind.LOCAL;
    }
}
