package dev.driftwatch.cli;

import dev.driftwatch.app.Endpoints;
import dev.driftwatch.audit.AuditTable;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.demo.InventoryTable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Creates the audit table and, for trials, the inventory table with its stream. Idempotent. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description =
                "Create the audit table (and with --with-inventory a trial inventory table with a stream). Idempotent.")
final class TablesCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--with-inventory", description = "also create the watched table, keyed and streamed as configured")
    boolean withInventory;

    @Override
    public Integer call() {
        DriftwatchConfig loaded = config.load();
        PrintWriter out = spec.commandLine().getOut();
        try (AwsClients clients = Endpoints.clients(loaded)) {
            boolean created =
                    AuditTable.create(clients.dynamoDb(), loaded.audit().table());
            out.println((created ? "created " : "exists  ") + loaded.audit().table());
            if (withInventory) {
                boolean inventory = InventoryTable.create(clients.dynamoDb(), loaded.table());
                out.println(
                        (inventory ? "created " : "exists  ") + loaded.table().name());
            }
        }
        return ExitCodes.OK;
    }
}
