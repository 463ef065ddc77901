package dev.driftwatch.support;

import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.AlertsConfig;
import dev.driftwatch.config.AuditConfig;
import dev.driftwatch.config.ConsumerConfig;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Endpoint;
import dev.driftwatch.config.HttpConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.demo.InventoryTable;
import dev.driftwatch.local.LocalEndpoint;
import dev.driftwatch.local.MotoProcess;
import java.util.UUID;
import software.amazon.awssdk.regions.Region;

/**
 * One moto server for all integration tests of a JVM, started on first use through the same
 * launcher the CLI uses, stopped at JVM exit. Tests isolate themselves by unique table names.
 */
public final class TestEndpoint {
    private static MotoProcess moto;
    private static AwsClients clients;

    private TestEndpoint() {}

    public static synchronized AwsClients clients() {
        if (clients == null) {
            moto = MotoProcess.start(LocalEndpoint.defaultHome(), System.err);
            clients = AwsClients.local(moto.url(), Region.US_EAST_1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                clients.close();
                                moto.stop();
                            },
                            "test-endpoint-stop"));
        }
        return clients;
    }

    /** The test endpoint's URL, e.g. for a configuration file. */
    public static java.net.URI url() {
        clients();
        return moto.url();
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A config for a fresh watched table, audit table and KCL application, on the test endpoint. */
    public static DriftwatchConfig freshConfig() {
        clients();
        String table = unique("inventory");
        return DriftwatchConfig.builder()
                .endpoint(Endpoint.url(moto.url()))
                .region("us-east-1")
                .table(TableConfig.named(table))
                .audit(AuditConfig.named(unique("findings")))
                .consumer(ConsumerConfig.local(unique("app")))
                .alerts(AlertsConfig.from("ERROR"))
                .http(new HttpConfig("127.0.0.1", 0))
                .build();
    }

    /** {@link #freshConfig()} with its watched table (stream on) and audit table created. */
    public static DriftwatchConfig freshTables() {
        return createTables(freshConfig());
    }

    /** Creates the watched table (stream on) and the audit table that {@code config} names. */
    public static DriftwatchConfig createTables(DriftwatchConfig config) {
        InventoryTable.create(clients().dynamoDb(), config.table());
        AuditTable.create(clients().dynamoDb(), config.audit().table());
        return config;
    }

    /** A new audit table of a unique name. */
    public static String freshAuditTable() {
        String table = unique("findings");
        AuditTable.create(clients().dynamoDb(), table);
        return table;
    }

    /** A new inventory table (stream on) of a unique name starting {@code prefix}. */
    public static String freshInventoryTable(String prefix) {
        String table = unique(prefix);
        InventoryTable.create(clients().dynamoDb(), TableConfig.named(table));
        return table;
    }
}
