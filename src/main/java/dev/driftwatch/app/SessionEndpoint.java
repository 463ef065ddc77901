package dev.driftwatch.app;

import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.local.LocalEndpoint;
import dev.driftwatch.local.MotoProcess;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * The endpoint of one self-contained command (demo, benchmarks): with {@code endpoint: local} it uses
 * the running local endpoint or starts its own for the command's lifetime; otherwise the configured
 * endpoint. Closing closes the clients and stops an endpoint it started.
 */
public final class SessionEndpoint implements AutoCloseable {
    private final AwsClients clients;
    private final Optional<MotoProcess> own;

    private SessionEndpoint(AwsClients clients, Optional<MotoProcess> own) {
        this.clients = clients;
        this.own = own;
    }

    public static SessionEndpoint open(
            DriftwatchConfig config, PrintWriter err, List<ExecutionInterceptor> interceptors) {
        Region region = Region.of(config.region());
        if (!Endpoints.isLocal(config)) {
            // AWS (no override) or a URL endpoint
            return new SessionEndpoint(new AwsClients(config.endpoint().url(), region, interceptors), Optional.empty());
        }
        LocalEndpoint shared = new LocalEndpoint(LocalEndpoint.defaultHome());
        Optional<LocalEndpoint.Running> running = shared.status();
        if (running.isPresent()) {
            err.println("endpoint: using the running local endpoint "
                    + running.get().url());
            err.flush();
            return new SessionEndpoint(
                    new AwsClients(Optional.of(running.get().url()), region, interceptors), Optional.empty());
        }
        err.println("endpoint: starting a local endpoint for this command");
        err.flush();
        MotoProcess moto = MotoProcess.start(shared.home(), System.err);
        err.println("endpoint: " + moto.url());
        err.flush();
        return new SessionEndpoint(new AwsClients(Optional.of(moto.url()), region, interceptors), Optional.of(moto));
    }

    /** A local endpoint of its own for this command's lifetime, beside the one {@link #open} gives. */
    public static SessionEndpoint second(DriftwatchConfig config, PrintWriter err) {
        err.println("endpoint: starting a second local endpoint for the audit table");
        err.flush();
        MotoProcess moto = MotoProcess.start(new LocalEndpoint(LocalEndpoint.defaultHome()).home(), System.err);
        err.println("endpoint: audit table on " + moto.url());
        err.flush();
        return new SessionEndpoint(
                new AwsClients(Optional.of(moto.url()), Region.of(config.region()), List.of()), Optional.of(moto));
    }

    public AwsClients clients() {
        return clients;
    }

    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            own.ifPresent(MotoProcess::stop);
        }
    }
}
