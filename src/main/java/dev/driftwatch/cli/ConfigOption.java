package dev.driftwatch.cli;

import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the commands that read the configuration. */
final class ConfigOption {
    static final String DEFAULT = "config/driftwatch.yaml";

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "configuration file (default: ${DEFAULT-VALUE})",
            defaultValue = DEFAULT)
    Path file;

    DriftwatchConfig load() {
        return ConfigLoader.fromSystemEnvironment().load(resolve());
    }

    /** The default file is looked up in the project directory too, so the launcher works from anywhere. */
    private Path resolve() {
        if (file.toString().equals(DEFAULT) && !Files.exists(file)) {
            Optional<String> project = Environment.system().get(Environment.PROJECT_DIR);
            if (project.isPresent()) {
                return Path.of(project.get()).resolve(DEFAULT);
            }
        }
        return file;
    }
}
