package dev.driftwatch.app;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Endpoint;
import dev.driftwatch.local.LocalEndpoint;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/** Turns the configured endpoint into SDK clients. */
public final class Endpoints {
    private Endpoints() {}

    public static AwsClients clients(DriftwatchConfig config) {
        Region region = Region.of(config.region());
        return switch (config.endpoint().kind()) {
            case AWS -> new AwsClients(Optional.empty(), region);
            case URL -> new AwsClients(config.endpoint().url(), region);
            case LOCAL -> AwsClients.local(new LocalEndpoint(LocalEndpoint.defaultHome()).requireUrl(), region);
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
