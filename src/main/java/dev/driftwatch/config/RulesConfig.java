package dev.driftwatch.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the rules files are: a directory of *.yaml files or one file. Relative to the configuration
 * file's directory, so {@code rules} next to {@code config/driftwatch.yaml} is {@code config/rules}.
 *
 * @param required true when the configuration names the path: then it must exist; the default may be absent
 */
public record RulesConfig(Path path, boolean required) {
    public static final RulesConfig NONE = new RulesConfig(Path.of("rules"), false);

    public RulesConfig {
        Objects.requireNonNull(path, "path");
    }

    public RulesConfig resolvedAgainst(Path directory) {
        return directory == null || path.isAbsolute()
                ? this
                : new RulesConfig(directory.resolve(path).normalize(), required);
    }
}
