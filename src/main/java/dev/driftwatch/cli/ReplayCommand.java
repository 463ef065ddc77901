package dev.driftwatch.cli;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.app.Endpoints;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.RulesConfig;
import dev.driftwatch.replay.Replay;
import dev.driftwatch.ruleset.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Evaluates exported stream records offline, through the daemon's pipeline and rules. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Check stream records from files without KCL: the same pipeline and rules as 'run'.",
            "FILE holds JSON lines of DynamoDB stream records, or what 'aws dynamodbstreams get-records' prints.",
            "Bad lines are reported with their line number and skipped.",
            "Exit status: 0 no findings, 1 findings or skipped lines, 2 bad usage or rules."
        })
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "files of stream records, read in the order given")
    List<Path> files;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, json (one object per line) or csv; default: ${DEFAULT-VALUE}")
    FindingPrinter.Format format;

    @Option(
            names = "--write",
            description = "store the findings in the audit table, as the daemon would "
                    + "(alerts stay pending for the daemon); default: only print them")
    boolean write;

    @Option(
            names = "--rules",
            paramLabel = "PATH",
            description = "rules file or directory instead of the configured one")
    Path rulesPath;

    @Override
    public Integer call() {
        UsageException.requireFiles(files);
        DriftwatchConfig loaded = config.load();
        if (rulesPath != null) {
            loaded = loaded.withRules(new RulesConfig(rulesPath, true));
        }
        RuleSet rules = RuleSet.forConfig(loaded);
        PrintWriter err = spec.commandLine().getErr();
        Assembly assembly =
                write ? Assembly.of(loaded, rules, Endpoints.clients(loaded)) : Assembly.offline(loaded, rules);
        Replay replay = new Replay(assembly, ProgressLines.to(err), "replay");
        Replay.Report report = replay.run(files);
        PrintWriter out = spec.commandLine().getOut();
        new FindingPrinter(out, format).printAll(report.findings());
        err.printf(
                "replay: %,d records, %,d findings%s, %,d lines skipped%n",
                report.records(),
                report.findings().size(),
                write ? " stored in " + loaded.audit().table() : "",
                report.badLines().size());
        err.flush();
        return report.findings().isEmpty() && report.badLines().isEmpty()
                ? ExitCodes.OK
                : ExitCodes.FINDINGS_OR_FAILURE;
    }
}
