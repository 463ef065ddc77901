package dev.driftwatch.cli;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.FindingQuery;
import dev.driftwatch.audit.FindingSearch;
import dev.driftwatch.audit.PageToken;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reads findings of the watched table back from the audit table, newest first, from its keys and index. */
@Command(
        name = "findings",
        mixinStandardHelpOptions = true,
        description = {
            "List findings of the watched table from the audit table, newest first.",
            "Uses the item's partition (--item) or the by-rule index, one query per rule and day; never a scan."
        })
final class FindingsCommand implements Callable<Integer> {
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    static final Duration FOLLOW_OVERLAP = Duration.ofMinutes(2);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(
            names = "--item",
            paramLabel = "KEY",
            description = "only this item (its key as stored: partition value, '|' sort value)")
    String item;

    @Option(
            names = "--rule",
            paramLabel = "ID",
            split = ",",
            description = "only these rules, e.g. conservation,negative-stock")
    List<String> rules;

    @Option(
            names = "--class",
            paramLabel = "CLASS",
            description = "only this class: LOST_UPDATE, DUPLICATE_WRITE, INVARIANT, PROTOCOL, DRIFT, INPUT")
    FindingClass findingClass;

    @Option(
            names = "--severity",
            paramLabel = "LEVEL",
            description = "only this severity and above: INFO, WARNING, ERROR, CRITICAL")
    Severity minSeverity;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description =
                    "detected at or after: a duration ago (15m, 2h, 7d) or an instant (2026-11-25T10:00:00Z); default 24h")
    Instant since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description = "detected at or before, same forms; default now")
    Instant until;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "at most N findings, then the token of the next page; 0 for all (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--page", paramLabel = "TOKEN", description = "continue after the page that printed this token")
    String page;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table, json (one object per line) or csv; default: ${DEFAULT-VALUE}")
    FindingPrinter.Format format;

    @Option(names = "--count", description = "print the number of matching findings per rule instead of the findings")
    boolean count;

    @Option(
            names = "--follow",
            description = "after the findings so far, print new ones as they are stored, until Ctrl-C")
    boolean follow;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "how often --follow asks (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Override
    public Integer call() throws InterruptedException {
        if (limit < 0) {
            throw new UsageException("--limit must be 0 (all) or more, got " + limit);
        }
        if (follow && (count || page != null)) {
            throw new UsageException("--follow cannot be combined with --count or --page");
        }
        Optional<PageToken> after =
                page == null ? Optional.empty() : Optional.of(UsageException.check(() -> PageToken.parse(page)));
        DriftwatchConfig loaded = config.load();
        Instant windowEnd = until == null ? Instant.now() : until;
        Instant start = since == null ? windowEnd.minus(DEFAULT_WINDOW) : since;
        Instant end = after.map(PageToken::detectedAt).orElse(windowEnd);
        Assembly assembly = Assembly.connecting(loaded);
        FindingQuery query = UsageException.check(() -> new FindingQuery(
                loaded.table().name(),
                Optional.ofNullable(item),
                ruleIds(assembly),
                Optional.ofNullable(findingClass),
                Optional.ofNullable(minSeverity),
                start,
                end));
        PrintWriter out = spec.commandLine().getOut();
        try (AwsClients clients = assembly.clients()) {
            FindingSearch search = assembly.findingSearch();
            if (count) {
                printCounts(out, search.countByRule(query));
                return ExitCodes.OK;
            }
            FindingPrinter printer = new FindingPrinter(out, format);
            printer.header();
            List<Finding> shown =
                    printPage(search.find(query), after, printer, since == null ? " --since " + start : "");
            if (follow) {
                follow(search, query, shown, printer);
            }
        }
        return ExitCodes.OK;
    }

    private List<String> ruleIds(Assembly assembly) {
        if (rules != null && !rules.isEmpty()) {
            return rules;
        }
        return assembly.knownRuleIds();
    }

    /** {@code windowHint} repeats a defaulted --since, so the next page keeps this page's window. */
    private List<Finding> printPage(
            Iterator<Finding> findings, Optional<PageToken> after, FindingPrinter printer, String windowHint) {
        List<Finding> shown = new ArrayList<>();
        Finding last = null;
        while (findings.hasNext()) {
            Finding finding = findings.next();
            if (after.isPresent() && !after.get().precedes(finding)) {
                continue;
            }
            if (limit > 0 && shown.size() == limit) {
                spec.commandLine().getErr().println("more findings: add --page " + PageToken.after(last) + windowHint);
                break;
            }
            printer.print(finding);
            shown.add(finding);
            last = finding;
        }
        if (format == FindingPrinter.Format.table) {
            spec.commandLine().getOut().println(shown.size() + " finding(s)");
        }
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
        return shown;
    }

    /**
     * Polls for findings detected since a little before the last poll (a finding is stored a moment
     * after it is detected) and prints those not printed yet, oldest first.
     */
    private void follow(FindingSearch search, FindingQuery query, List<Finding> shown, FindingPrinter printer)
            throws InterruptedException {
        java.util.Map<String, Instant> printed = new java.util.HashMap<>();
        shown.forEach(f -> printed.put(f.id(), f.detectedAt()));
        spec.commandLine()
                .getErr()
                .println("following new findings every " + interval.toSeconds() + " s; Ctrl-C to stop");
        spec.commandLine().getErr().flush();
        Instant lastPoll = query.until();
        while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(interval.toMillis());
            Instant now = Instant.now();
            Instant from = lastPoll.minus(FOLLOW_OVERLAP);
            List<Finding> fresh = new ArrayList<>();
            search.find(query.withWindow(from, now)).forEachRemaining(f -> {
                if (!printed.containsKey(f.id())) {
                    fresh.add(f);
                }
            });
            for (int i = fresh.size() - 1; i >= 0; i--) {
                printer.print(fresh.get(i));
                printed.put(fresh.get(i).id(), fresh.get(i).detectedAt());
            }
            printed.values().removeIf(at -> at.isBefore(from));
            lastPoll = now;
        }
    }

    private void printCounts(PrintWriter out, Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        switch (format) {
            case json -> out.println(FindingPrinter.json(new java.util.LinkedHashMap<String, Object>(counts)));
            case csv -> {
                out.println("rule,count");
                counts.forEach((rule, n) -> out.println(FindingPrinter.csv(rule) + "," + n));
            }
            case table -> {
                out.printf("%-26s %8s%n", "RULE", "COUNT");
                counts.forEach((rule, n) -> out.printf("%-26s %8d%n", rule, n));
                out.printf("%-26s %8d%n", "total", total);
            }
        }
        out.flush();
    }
}
