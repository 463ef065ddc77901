package dev.driftwatch.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileParserTest {
    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    @Test
    void parse_fullFile_readsRulesAndBuiltIns() throws IOException {
        Path file = write(
                "inventory.yaml",
                "table: inventory",
                "builtins:",
                "  remove-with-stock: off",
                "  version-skipped: {severity: error}",
                "  negative-stock: {floor: -5}",
                "rules:",
                "  - id: reserved-within-quantity",
                "    class: invariant",
                "    when: event != 'REMOVE'",
                "    assert: newSelf.reserved <= newSelf.quantity",
                "    message: \"reserved {newSelf.reserved}\"");

        RuleFile parsed = RuleFileParser.parse(file);

        assertEquals("inventory", parsed.table());
        assertEquals(
                new BuiltInSetting("remove-with-stock", false, Optional.empty(), Optional.empty()),
                parsed.builtIns().get("remove-with-stock"));
        assertEquals(
                Optional.of(Severity.ERROR),
                parsed.builtIns().get("version-skipped").severity());
        assertEquals(
                Optional.of(new BigDecimal("-5")),
                parsed.builtIns().get("negative-stock").floor());
        assertEquals(1, parsed.rules().size());
        assertEquals("reserved-within-quantity", parsed.rules().get(0).id());
        assertEquals(FindingClass.INVARIANT, parsed.rules().get(0).findingClass());
        assertEquals(Optional.of("event != 'REMOVE'"), parsed.rules().get(0).when());
        assertEquals(file + ":7", parsed.rules().get(0).origin());
    }

    @Test
    void parse_unknownKey_namesFileAndLine() throws IOException {
        Path file = write(
                "a.yaml",
                "table: inventory",
                "rules:",
                "  - id: r1",
                "    class: INVARIANT",
                "    asert: true",
                "    message: m");

        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFileParser.parse(file));

        assertEquals(
                file + ":5: unknown key 'asert' (expected one of [assert, class, id, message, severity, when])",
                e.getMessage());
    }

    @Test
    void parse_missingAssert_namesTheRule() throws IOException {
        Path file =
                write("a.yaml", "table: inventory", "rules:", "  - id: r1", "    class: INVARIANT", "    message: m");

        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFileParser.parse(file));

        assertEquals(file + ":3: rule r1: assert is required", e.getMessage());
    }

    @Test
    void parse_unknownClass_listsTheClasses() throws IOException {
        Path file =
                write("a.yaml", "table: inventory", "rules:", "  - {id: r1, class: BAD, assert: 'true', message: m}");

        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFileParser.parse(file));

        assertEquals(
                file + ":3: rule r1: class: expected one of [LOST_UPDATE, DUPLICATE_WRITE, INVARIANT, PROTOCOL, DRIFT, "
                        + "INPUT], got: 'BAD'",
                e.getMessage());
    }

    @Test
    void parse_duplicateRuleIds_refused() throws IOException {
        Path file = write(
                "a.yaml",
                "table: inventory",
                "rules:",
                "  - {id: r1, class: INVARIANT, assert: 'true', message: m}",
                "  - {id: r1, class: INVARIANT, assert: 'true', message: m}");

        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFileParser.parse(file));

        assertEquals(file + ":4: rule r1: a second rule with this id", e.getMessage());
    }

    @Test
    void parse_missingTable_refused() throws IOException {
        Path file = write("a.yaml", "rules: []");

        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFileParser.parse(file));

        assertEquals(file + ":1: table: is required (the watched table these rules are for)", e.getMessage());
    }

    @Test
    void load_directory_readsYamlFilesInNameOrder() throws IOException {
        write("b.yaml", "table: orders");
        write("a.yml", "table: inventory");
        write("notes.txt", "not rules");

        List<RuleFile> files = RuleFiles.load(List.of(dir));

        assertEquals(
                List.of("inventory", "orders"),
                files.stream().map(RuleFile::table).toList());
    }
}
