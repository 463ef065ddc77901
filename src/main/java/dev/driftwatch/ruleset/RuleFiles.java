package dev.driftwatch.ruleset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds and parses rules files: a file as given, or every *.yaml and *.yml of a directory in name order. */
public final class RuleFiles {
    private RuleFiles() {}

    public static List<RuleFile> load(List<Path> paths) {
        List<RuleFile> files = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : expand(path)) {
                files.add(RuleFileParser.parse(file));
            }
        }
        return files;
    }

    static List<Path> expand(Path path) {
        if (!Files.isDirectory(path)) {
            if (!Files.exists(path)) {
                throw new RuleFileException(path + ": no such file or directory");
            }
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(p -> {
                        String name = p.getFileName().toString();
                        return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RuleFileException(path + ": cannot be listed: " + e.getMessage());
        }
    }
}
