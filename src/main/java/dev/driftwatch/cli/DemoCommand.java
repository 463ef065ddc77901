package dev.driftwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftwatch.app.Endpoints;
import dev.driftwatch.app.SessionEndpoint;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Endpoint;
import dev.driftwatch.demo.RaceDemo;
import dev.driftwatch.demo.RaceMode;
import dev.driftwatch.demo.RaceReport;
import dev.driftwatch.demo.RaceSettings;
import dev.driftwatch.demo.UnstampedAccount;
import dev.driftwatch.local.LocalEndpoint;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The race demo: unsafe writers lose units, driftwatch accounts for every one of them. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Race writers against a fresh inventory table while the daemon audits its stream, then print the accounting.",
            "Exit 0 only when driftwatch accounted for every lost unit (detectedLostUnits == actualLostUnits, item by item);"
                    + " for unsafe-unstamped, when it witnessed every unit lost by a write whose record kept quantity"
                    + " and moved updated_at, named no wrong write and found nothing on the guarded item."
        })
final class DemoCommand implements Callable<Integer> {
    enum Format {
        text,
        json
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--writers", defaultValue = "8", description = "concurrent writers (default: ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--ops", defaultValue = "2000", description = "writes in all (default: ${DEFAULT-VALUE})")
    int ops;

    @Option(names = "--items", defaultValue = "5", description = "items the writers share (default: ${DEFAULT-VALUE})")
    int items;

    @Option(
            names = "--initial-quantity",
            defaultValue = "100000",
            description = "stock of each item at start (default: ${DEFAULT-VALUE})")
    long initialQuantity;

    @Option(
            names = "--mode",
            defaultValue = "unsafe",
            paramLabel = "MODE",
            converter = RaceModeConverter.class,
            description = {
                "unsafe: read, compute, unconditional write (loses updates)",
                "safe-versioned: the updater's optimistic locking with retries",
                "safe-atomic: the updater's guarded atomic adjustment",
                "unsafe-retry: plain adjustments whose responses are sometimes lost after they landed (SDK retries apply them twice)",
                "idempotent-retry: the updater's adjustOnce in the same setting (each operation applies once)",
                "unsafe-sharded: each item a sharded counter of 4 shards, unsafe writes on a random shard",
                "safe-sharded: the same items adjusted through the updater's ShardedCounter",
                "unsafe-unstamped: the seed's naive code, no version, no delta: read, take one, write quantity and"
                        + " updated_at; one more item written only by a guarded conditional decrement",
                "default: ${DEFAULT-VALUE}"
            })
    RaceMode mode;

    @Option(names = "--format", defaultValue = "text", description = "text or json; default: ${DEFAULT-VALUE}")
    Format format;

    @Option(
            names = "--timeout",
            defaultValue = "180s",
            converter = DurationConverter.class,
            description = "how long to wait for the consumer to catch up (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--verbose", description = "log every alert as it is raised, and KCL's warnings of a first start")
    boolean verbose;

    @Option(
            names = "--keep",
            description = "keep the local endpoint running and its tables, write the demo's configuration to"
                    + " .local/demo.yaml and print the commands that read its findings (findings, ui)")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        RaceSettings settings =
                UsageException.check(() -> new RaceSettings(mode, writers, ops, items, initialQuantity, timeout));
        DriftwatchConfig loaded = config.load();
        if (mode.losesResponses() && loaded.endpoint().kind() == Endpoint.Kind.AWS) {
            throw new UsageException("the retry modes drop responses through a local proxy: they need the local"
                    + " endpoint (endpoint: local)");
        }
        if (!verbose) {
            QuietAlerts.apply();
            QuietAlerts.firstStart();
        }
        PrintWriter err = spec.commandLine().getErr();
        if (keep && Endpoints.isLocal(loaded)) {
            LocalEndpoint shared = new LocalEndpoint(LocalEndpoint.defaultHome());
            if (shared.status().isEmpty()) {
                err.println("endpoint: starting the local endpoint, kept after the demo (--keep)");
                err.flush();
                shared.start(System.err);
            }
        }
        RaceReport report;
        try (SessionEndpoint endpoint = SessionEndpoint.open(loaded, err, List.of())) {
            report = new RaceDemo(endpoint.clients(), loaded, ProgressLines.to(err)).run(settings);
        }
        print(report);
        if (keep) {
            printNext(loaded, report);
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.FINDINGS_OR_FAILURE;
    }

    /** Writes the configuration of the demo's tables and prints the commands that read them. */
    private void printNext(DriftwatchConfig loaded, RaceReport report) throws java.io.IOException {
        java.nio.file.Path file = LocalEndpoint.defaultHome().resolve("demo.yaml");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, demoConfig(loaded, report.table(), mode));
        java.nio.file.Path shown = relative(file);
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("kept: the endpoint and the tables " + report.table() + " and "
                + loaded.audit().table() + "; their configuration is " + shown);
        out.println("next:");
        out.println("  ./driftwatch findings --config " + shown + "       the findings, newest first");
        out.println("  ./driftwatch ui --config " + shown + "             the web view on http://127.0.0.1:8080/");
        if (Endpoints.isLocal(loaded)) {
            out.println("  ./driftwatch local stop                               when you are done");
        }
        out.flush();
    }

    /** The configuration of the demo's watched table: the loaded one's endpoint, attributes and audit table. */
    static String demoConfig(DriftwatchConfig loaded, String watchedTable, RaceMode raceMode) {
        var table = RaceDemo.demoTable(loaded.table(), watchedTable, raceMode);
        var names = table.attributes();
        StringBuilder yaml = new StringBuilder();
        yaml.append("# written by `driftwatch demo --keep`: the tables of its last run\n");
        yaml.append("endpoint: ")
                .append(quoted(
                        loaded.endpoint().url().map(Object::toString).orElse(Endpoints.isLocal(loaded) ? "local" : "")))
                .append('\n');
        yaml.append("region: ").append(quoted(loaded.region())).append('\n');
        yaml.append("table:\n");
        yaml.append("  name: ").append(quoted(table.name())).append('\n');
        yaml.append("  key: ").append(quoted(table.key())).append('\n');
        table.sortKey()
                .ifPresent(
                        sort -> yaml.append("  sortKey: ").append(quoted(sort)).append('\n'));
        yaml.append("  attributes: {quantity: ")
                .append(quoted(names.quantity()))
                .append(", version: ")
                .append(quoted(names.version()))
                .append(", delta: ")
                .append(quoted(names.delta()))
                .append(", writeId: ")
                .append(quoted(names.writeId()))
                .append(", writer: ")
                .append(quoted(names.writer()))
                .append("}\n");
        yaml.append("  floor: ").append(table.floor().toPlainString()).append('\n');
        yaml.append("  initialVersion: ").append(table.initialVersion()).append('\n');
        yaml.append("  shardedCounters: ").append(table.shardedCounters()).append('\n');
        table.unstamped().ifPresent(unstamped -> {
            yaml.append("  unstamped:\n");
            unstamped
                    .writeMarker()
                    .ifPresent(marker -> yaml.append("    writeMarker: ")
                            .append(quoted(marker))
                            .append('\n'));
            yaml.append("    counters: [")
                    .append(String.join(
                            ", ",
                            unstamped.counters().stream()
                                    .map(DemoCommand::quoted)
                                    .toList()))
                    .append("]\n");
            yaml.append("    units: [")
                    .append(String.join(
                            ", ",
                            unstamped.units().stream()
                                    .map(u -> u.toPlainString())
                                    .toList()))
                    .append("]\n");
            yaml.append("    countersAlwaysChange: ")
                    .append(unstamped.countersAlwaysChange())
                    .append('\n');
        });
        yaml.append("audit:\n");
        yaml.append("  table: ").append(quoted(loaded.audit().table())).append('\n');
        yaml.append("  redact: [");
        for (int i = 0; i < loaded.audit().redact().size(); i++) {
            yaml.append(i == 0 ? "" : ", ")
                    .append(quoted(loaded.audit().redact().get(i)));
        }
        yaml.append("]\n");
        return yaml.toString();
    }

    /** A YAML scalar as a JSON string (which YAML reads as the same string): any name survives. */
    private static String quoted(String value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.nio.file.Path relative(java.nio.file.Path file) {
        java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
        return file.startsWith(here) ? here.relativize(file) : file;
    }

    static String result(RaceReport report) {
        if (report.unstamped().isPresent()) {
            return unstampedResult(report, report.unstamped().get());
        }
        if (!report.passed()) {
            return "RESULT: FAILED — actually lost " + report.actualLostUnits() + ", detected "
                    + report.detectedLostUnits()
                    + ", " + report.itemsMismatched() + " items mismatched, " + report.lostUpdateFindings()
                    + " LOST_UPDATE and "
                    + report.duplicateWriteFindings() + " DUPLICATE_WRITE findings";
        }
        if (report.mode().equals(RaceMode.UNSAFE_RETRY.label())) {
            return "RESULT: driftwatch accounted for every unit applied twice (" + report.detectedLostUnits() + " of "
                    + report.actualLostUnits() + ", " + report.duplicateWriteFindings() + " duplicate-apply findings)";
        }
        if (RaceMode.parse(report.mode()).corruptsStock()) {
            return "RESULT: driftwatch accounted for every lost unit (" + report.detectedLostUnits() + " of "
                    + report.actualLostUnits() + ")";
        }
        return "RESULT: no unit lost or applied twice, no LOST_UPDATE or DUPLICATE_WRITE finding: the " + report.mode()
                + " writers lose nothing";
    }

    static String unstampedResult(RaceReport report, UnstampedAccount account) {
        UnstampedAccount.Share kept = account.counterUnchanged();
        String witnessed = "witnessed " + account.witnessedUnits() + " of " + account.units()
                + " units lost by stale writes (gross)";
        if (report.passed()) {
            return "RESULT: driftwatch witnessed every unit lost by a write that kept quantity and moved updated_at ("
                    + kept.witnessedUnits() + " of " + kept.units() + "); " + witnessed;
        }
        return "RESULT: FAILED — of the units lost by writes that kept quantity and moved updated_at, witnessed "
                + kept.witnessedUnits() + " of " + kept.units() + "; " + account.wrongFindings()
                + " findings named a wrong write or amount; " + account.guardedItemFindings()
                + " findings on the guarded item; the writers' log says " + account.loggedLostUnits()
                + " units lost, the table " + report.actualLostUnits() + "; " + witnessed;
    }

    private static void printShares(PrintWriter out, UnstampedAccount account) {
        out.println(
                "  by the writers' own log (what each write read and overwrote; units gross, |read - overwritten|):");
        out.printf(
                "    writes that changed nothing    %6d units, %5d writes  (no stream record: nothing can witness them)%n",
                account.noRecord().units(), account.noRecord().writes());
        out.printf(
                "    kept quantity, moved updated_at%6d units, %5d writes  witnessed by counter-unchanged: %d units%n",
                account.counterUnchanged().units(),
                account.counterUnchanged().writes(),
                account.counterUnchanged().witnessedUnits());
        out.printf(
                "    moved quantity from a stale read%5d units, %5d writes  witnessed by stale-base: %d units%n",
                account.counterChanged().units(),
                account.counterChanged().writes(),
                account.counterChanged().witnessedUnits());
        out.printf("  findings naming a wrong write %6d%n", account.wrongFindings());
        out.printf(
                "  findings on the guarded item  %6d  (written only by the conditional decrement)%n",
                account.guardedItemFindings());
    }

    private void print(RaceReport report) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(new ObjectMapper().writeValueAsString(report.asMap()));
            return;
        }
        out.println();
        out.println("driftwatch race demo — mode " + report.mode() + ", table " + report.table());
        out.printf(
                "  operations attempted      %8d  (%d writers, %d items)%n",
                report.ops(), report.writers(), report.items());
        out.printf("  stream records audited    %8d%n", report.records());
        out.printf(
                "  units actually lost       %8d  (final vs expected quantity, summed over items%s)%n",
                report.actualLostUnits(),
                report.mode().equals(RaceMode.UNSAFE_RETRY.label()) ? "; negative: taken twice" : "");
        out.printf(
                "  lost units detected       %8d  (sum of lostUnits in the audit table)%n", report.detectedLostUnits());
        if (report.unstamped().isPresent()) {
            printShares(out, report.unstamped().get()); // items mismatched means nothing here: not every loss is seen
        } else {
            out.printf("  items mismatched          %8d%n", report.itemsMismatched());
        }
        out.printf("  LOST_UPDATE findings      %8d%n", report.lostUpdateFindings());
        if (RaceMode.parse(report.mode()).losesResponses()) {
            out.printf(
                    "  responses dropped         %8d  (after the write landed; the SDK retried)%n",
                    report.responsesDropped());
            out.printf("  DUPLICATE_WRITE findings  %8d%n", report.duplicateWriteFindings());
        }
        if (!report.mode().equals(RaceMode.UNSAFE.label())
                && !report.mode().equals(RaceMode.UNSAFE_SHARDED.label())
                && !report.mode().equals(RaceMode.UNSAFE_UNSTAMPED.label())) {
            out.printf(
                    "  conflicts retried         %8d  (conditional-check failures the updater retried)%n",
                    report.conflictsRetried());
            out.printf("  writes not applied        %8d%n", report.writesNotApplied());
        }
        out.println("  findings by rule:");
        for (Map.Entry<String, Long> entry : report.findingsByRule().entrySet()) {
            out.printf("    %-26s %6d%n", entry.getKey(), entry.getValue());
        }
        out.printf(
                "  timings: first record %.1f s after scheduler start; race %.1f s; catch-up %.1f s%n",
                report.consumerStartMillis() / 1000.0, report.raceMillis() / 1000.0, report.catchUpMillis() / 1000.0);
        out.println(result(report));
    }
}
