package dev.driftwatch.cli;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.RulesConfig;
import dev.driftwatch.config.TableConfig;
import dev.driftwatch.replay.Replay;
import dev.driftwatch.ruleset.RuleFile;
import dev.driftwatch.ruleset.RuleFiles;
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

/** Parses and compiles rules files, and optionally evaluates them on sample records. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Parse rules files and compile their CEL rules, as 'run' does at start.",
            "With --sample, also evaluate the watched table's rules on those records and print the findings.",
            "Exit status: 0 valid (and no findings), 1 findings on the sample, 2 a file that does not load."
        })
final class RulesCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(
            paramLabel = "PATH",
            arity = "0..*",
            description = "rules files or directories (default: the configured rules path)")
    List<Path> paths;

    @Option(
            names = "--sample",
            paramLabel = "FILE",
            description = "stream records to evaluate (JSON lines, or get-records output), as for replay")
    Path sample;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "findings on the sample as table, json or csv; default: ${DEFAULT-VALUE}")
    FindingPrinter.Format format;

    @Override
    public Integer call() {
        if (sample != null) {
            UsageException.requireFiles(List.of(sample));
        }
        DriftwatchConfig loaded = config.load();
        List<Path> targets =
                paths == null || paths.isEmpty() ? List.of(loaded.rules().path()) : paths;
        PrintWriter out = spec.commandLine().getOut();
        List<RuleFile> files = RuleFiles.load(targets);
        for (RuleFile file : files) {
            TableConfig table = file.table().equals(loaded.table().name())
                    ? loaded.table()
                    : loaded.table().withName(file.table());
            RuleSet.of(table, List.of(file));
            out.printf(
                    "%s: table %s: %d CEL rules, %d built-in settings: ok%n",
                    file.source(),
                    file.table(),
                    file.rules().size(),
                    file.builtIns().size());
            if (!file.table().equals(loaded.table().name())) {
                out.printf(
                        "  (not the watched table %s: 'run' with this configuration ignores it)%n",
                        loaded.table().name());
            }
        }
        if (files.isEmpty()) {
            out.println("no rules files in " + targets);
        }
        out.flush();
        if (sample == null) {
            return ExitCodes.OK;
        }
        RuleSet watched = RuleSet.of(loaded.table(), files);
        out.println("rules on " + loaded.table().name() + ": " + String.join(", ", watched.ruleIds()));
        Replay.Report report = new Replay(
                        Assembly.offline(loaded.withRules(new RulesConfig(targets.get(0), true)), watched),
                        ProgressLines.to(spec.commandLine().getErr()),
                        "sample")
                .run(List.of(sample));
        new FindingPrinter(out, format).printAll(report.findings());
        out.printf(
                "%,d sample records, %,d findings, %,d lines skipped%n",
                report.records(), report.findings().size(), report.badLines().size());
        out.flush();
        return report.findings().isEmpty() && report.badLines().isEmpty()
                ? ExitCodes.OK
                : ExitCodes.FINDINGS_OR_FAILURE;
    }
}
