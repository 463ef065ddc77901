package dev.driftwatch.demo;

import dev.driftwatch.app.Endpoints;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.updater.ConditionalUpdater;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The retry modes' writers reach the local endpoint through a proxy that lets {@link #DROP_SHARE} of
 * the requests land and cuts off their responses, so the SDK retries writes that were applied. Also
 * makes the ledger table of the idempotent writers.
 */
final class LossyConnection implements AutoCloseable {
    static final double DROP_SHARE = 0.03;

    private final FaultProxy proxy;
    private final AwsClients clients;
    private final String ledgerTable;

    private LossyConnection(FaultProxy proxy, AwsClients clients, String ledgerTable) {
        this.proxy = proxy;
        this.clients = clients;
        this.ledgerTable = ledgerTable;
    }

    static LossyConnection open(AwsClients direct, TableConfig table, Consumer<String> progress) {
        URI endpoint = direct.endpoint()
                .orElseThrow(
                        () -> new IllegalArgumentException(
                                "the retry modes drop responses through a local proxy: they need the local endpoint (endpoint: local)"));
        String ledger = table.name() + "-ledger";
        ConditionalUpdater.createLedgerTable(direct.dynamoDb(), ledger);
        try {
            FaultProxy proxy = new FaultProxy(endpoint, FaultProxy.Faults.droppedResponses(DROP_SHARE));
            progress.accept("writers: through a proxy that drops " + Math.round(DROP_SHARE * 100)
                    + " % of responses after the write landed (the SDK retries them); ledger table " + ledger);
            return new LossyConnection(proxy, Endpoints.through(proxy.url(), direct), ledger);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the response-dropping proxy", e);
        }
    }

    DynamoDbClient dynamoDb() {
        return clients.dynamoDb();
    }

    String ledgerTable() {
        return ledgerTable;
    }

    long dropped() {
        return proxy.dropped.sum();
    }

    @Override
    public void close() {
        clients.close();
        try {
            proxy.close();
        } catch (IOException e) {
            // closing a loopback listener: nothing to recover
        }
    }
}
