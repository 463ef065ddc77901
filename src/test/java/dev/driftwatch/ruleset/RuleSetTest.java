package dev.driftwatch.ruleset;

import static dev.driftwatch.record.TestRecords.insert;
import static dev.driftwatch.record.TestRecords.item;
import static dev.driftwatch.record.TestRecords.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftwatch.config.TableConfig;
import dev.driftwatch.config.UnstampedWriters;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.rule.BuiltInRules;
import dev.driftwatch.rule.Rule;
import dev.driftwatch.rule.RuleEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {
    private static final TableConfig TABLE = TableConfig.named("inventory");

    @TempDir
    Path dir;

    private List<RuleFile> files(String... lines) throws IOException {
        Files.writeString(dir.resolve("rules.yaml"), String.join("\n", lines) + "\n");
        return RuleFiles.load(List.of(dir));
    }

    private static RuleEngine engine(RuleSet set) {
        return new RuleEngine(
                set.rules(), set.severities(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), "writer", "writeId");
    }

    @Test
    void of_noFiles_isTheBuiltInsWithStreamGap() {
        RuleSet set = RuleSet.builtIn(TABLE);

        assertEquals(BuiltInRules.ids(TABLE), set.rules().stream().map(Rule::id).toList());
        assertEquals(true, set.streamGap());
    }

    @Test
    void of_builtInsOffAndReparametrised_followTheFile() throws IOException {
        RuleSet set = RuleSet.of(
                TABLE,
                files(
                        "table: inventory",
                        "builtins:",
                        "  remove-with-stock: off",
                        "  stream-gap: off",
                        "  negative-stock: {floor: -5, severity: CRITICAL}"));
        RuleEngine engine = engine(set);

        assertFalse(set.rules().stream().anyMatch(rule -> rule.id().equals("remove-with-stock")));
        assertFalse(set.streamGap());
        assertEquals(List.of(), engine.evaluate(insert(item("quantity", -5, "version", 1))));
        List<Finding> below = engine.evaluate(insert(item("quantity", -6, "version", 1)));
        assertEquals(
                List.of("negative-stock"), below.stream().map(Finding::ruleId).toList());
        assertEquals(Severity.CRITICAL, below.get(0).severity());
    }

    /** stale-base runs only where units are declared, and a rules file may turn it off or set its severity. */
    @Test
    void of_staleBase_onlyWithUnitsAndAsTheFileSays() throws IOException {
        TableConfig unstamped = TABLE.withUnstamped(
                new UnstampedWriters("updated_at", List.of("quantity"), List.of(new java.math.BigDecimal("-1"))));
        TableConfig noUnits = TABLE.withUnstamped(new UnstampedWriters("updated_at", List.of("quantity"), List.of()));
        assertFalse(RuleSet.builtIn(TABLE).staleBase());
        assertFalse(RuleSet.builtIn(noUnits).staleBase());
        assertEquals(true, RuleSet.builtIn(unstamped).staleBase());
        assertEquals(true, RuleSet.builtIn(unstamped).ruleIds().contains(BuiltInRules.STALE_BASE));

        RuleSet critical =
                RuleSet.of(unstamped, files("table: inventory", "builtins:", "  stale-base: {severity: CRITICAL}"));
        assertEquals(
                Severity.CRITICAL, critical.severities().severityOf(BuiltInRules.STALE_BASE, FindingClass.LOST_UPDATE));
        assertEquals(
                Severity.ERROR,
                RuleSet.builtIn(unstamped).severities().severityOf(BuiltInRules.STALE_BASE, FindingClass.LOST_UPDATE));
        assertFalse(RuleSet.of(unstamped, files("table: inventory", "builtins:", "  stale-base: off"))
                .staleBase());
    }

    @Test
    void evaluate_rulesFileWithFourRules_exactFindings() throws IOException {
        RuleSet set = RuleSet.of(
                TABLE,
                files(
                        "table: inventory",
                        "rules:",
                        "  - id: version-plus-one",
                        "    class: PROTOCOL",
                        "    assert: newSelf.version == oldSelf.version + 1",
                        "    message: 'version {oldSelf.version} -> {newSelf.version}'",
                        "  - id: reserved-within-quantity",
                        "    class: INVARIANT",
                        "    severity: CRITICAL",
                        "    assert: newSelf.reserved <= newSelf.quantity",
                        "    message: 'reserved {newSelf.reserved} exceeds quantity {newSelf.quantity}'",
                        "  - id: modify-keeps-stock",
                        "    class: INVARIANT",
                        "    when: event == 'MODIFY' && newSelf.version > 9",
                        "    assert: newSelf.quantity > 0",
                        "    message: 'sold out at version {newSelf.version}'",
                        "  - id: units-per-pack",
                        "    class: INVARIANT",
                        "    assert: newSelf.quantity / newSelf.packs >= 1",
                        "    message: fewer units than packs"));
        RuleEngine engine = engine(set);

        List<Finding> findings = engine.evaluate(modify(
                item("quantity", 4, "reserved", 1, "packs", 2, "version", 10),
                item("quantity", 0, "reserved", 2, "packs", 0, "version", 12)));

        List<String> summary = findings.stream()
                .filter(f -> !BuiltInRules.allIds().contains(f.ruleId()))
                .map(f -> f.ruleId() + "|" + f.findingClass() + "|" + f.severity() + "|" + f.message())
                .toList();
        assertEquals(
                List.of(
                        "version-plus-one|PROTOCOL|WARNING|version 10 -> 12",
                        "reserved-within-quantity|INVARIANT|CRITICAL|reserved 2 exceeds quantity 0",
                        "modify-keeps-stock|INVARIANT|ERROR|sold out at version 12",
                        "units-per-pack|INPUT|WARNING|rule units-per-pack could not be evaluated on this record: "
                                + "assert: evaluation error at column 18: / by zero"),
                summary);
        assertEquals(
                List.of(),
                engine
                        .evaluate(modify(
                                item("quantity", 4, "reserved", 1, "packs", 2, "version", 10),
                                item("quantity", 3, "reserved", 1, "packs", 2, "version", 11)))
                        .stream()
                        .filter(f -> !BuiltInRules.allIds().contains(f.ruleId()))
                        .toList());
    }

    @Test
    void of_celError_namesFileLineRuleFieldAndPosition() throws IOException {
        RuleFileException e = assertThrows(
                RuleFileException.class,
                () -> RuleSet.of(
                        TABLE,
                        files(
                                "table: inventory",
                                "rules:",
                                "  - {id: typo, class: INVARIANT, assert: 'newSelf.q > 1 && newSelff.x > 1', message: m}")));

        assertEquals(
                dir.resolve("rules.yaml") + ":3: rule typo: assert 1:18: undeclared reference to 'newSelff' "
                        + "(in container '')",
                e.getMessage());
    }

    @Test
    void of_ruleNamedLikeABuiltIn_refused() throws IOException {
        RuleFileException e = assertThrows(
                RuleFileException.class,
                () -> RuleSet.of(
                        TABLE,
                        files(
                                "table: inventory",
                                "rules:",
                                "  - {id: negative-stock, class: INVARIANT, assert: 'true', message: m}")));

        assertEquals(
                dir.resolve("rules.yaml") + ":3: rule negative-stock: the id of a built-in rule; choose another",
                e.getMessage());
    }

    @Test
    void of_unknownBuiltInOrMisplacedFloor_refused() throws IOException {
        RuleFileException unknown = assertThrows(
                RuleFileException.class,
                () -> RuleSet.of(TABLE, files("table: inventory", "builtins: {negative-stok: off}")));
        RuleFileException floor = assertThrows(
                RuleFileException.class,
                () -> RuleSet.of(TABLE, files("table: inventory", "builtins: {version-skipped: {floor: 1}}")));

        assertEquals(
                true,
                unknown.getMessage()
                        .startsWith(dir.resolve("rules.yaml") + ": builtins.negative-stok: no such built-in rule"));
        assertEquals(
                dir.resolve("rules.yaml") + ": builtins.version-skipped.floor: only logical-negative-stock and "
                        + "negative-stock have a floor",
                floor.getMessage());
    }

    @Test
    void of_fileForAnotherTable_ignored() throws IOException {
        RuleSet set = RuleSet.of(
                TABLE,
                files(
                        "table: orders",
                        "builtins: {negative-stock: off}",
                        "rules: [{id: r1, class: INVARIANT, assert: 'false', message: m}]"));

        assertEquals(BuiltInRules.ids(TABLE), set.rules().stream().map(Rule::id).toList());
    }

    /** Issue 16 item 9: a file whose table is a near miss of the watched one was ignored without a word. */
    @Test
    void of_fileForAMisspeltWatchedTable_refusedWithTheNearestName() throws IOException {
        List<RuleFile> misspelt =
                files("table: inventroy", "rules: [{id: r1, class: INVARIANT, assert: 'false', message: m}]");

        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleSet.of(TABLE, misspelt));

        assertEquals(
                dir.resolve("rules.yaml")
                        + ": table: 'inventroy' is not the watched table 'inventory', and no rules file is for it (did you mean "
                        + "'inventory'?)",
                e.getMessage());
    }

    /** Neighbouring tables (orders_eu, orders_us) share a rules directory: each has its file, nothing refused. */
    @Test
    void of_nearMissTableBesideTheWatchedTablesOwnFile_ignored() throws IOException {
        Files.writeString(dir.resolve("mine.yaml"), "table: inventory\nbuiltins: {negative-stock: off}\n");
        Files.writeString(dir.resolve("theirs.yaml"), "table: inventorz\nbuiltins: {negative-stock: off}\n");

        RuleSet set = RuleSet.of(TABLE, RuleFiles.load(List.of(dir)));

        assertEquals(false, set.rules().stream().map(Rule::id).toList().contains("negative-stock"));
    }

    @Test
    void of_shippedExampleFile_compilesAndEvaluatesIntAndDecimalPrices() {
        RuleSet set = RuleSet.of(TABLE, RuleFiles.load(List.of(Path.of("config/rules"))));
        RuleEngine engine = engine(set);

        assertEquals(true, set.ruleIds().containsAll(List.of("reserved-within-quantity", "price-change-bounded")));
        assertEquals(Severity.WARNING, set.severities().severityOf("remove-with-stock", FindingClass.INVARIANT));
        assertEquals(
                List.of(),
                engine.evaluate(modify(
                        item("quantity", 5, "version", 1, "price", new java.math.BigDecimal("19.99")),
                        item("quantity", 5, "version", 2, "price", 20))));
        assertEquals(
                List.of("price-change-bounded|price more than doubled: 19.99 → 40"),
                engine
                        .evaluate(modify(
                                item("quantity", 5, "version", 1, "price", new java.math.BigDecimal("19.99")),
                                item("quantity", 5, "version", 2, "price", 40)))
                        .stream()
                        .map(f -> f.ruleId() + "|" + f.message())
                        .toList());
        assertEquals(
                List.of("reserved-within-quantity|reserved 6 exceeds quantity 5"),
                engine.evaluate(insert(item("quantity", 5, "version", 1, "reserved", 6))).stream()
                        .map(f -> f.ruleId() + "|" + f.message())
                        .toList());
    }
}
