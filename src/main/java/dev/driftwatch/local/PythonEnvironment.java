package dev.driftwatch.local;

import dev.driftwatch.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The private virtual environment under {@code .local/venv} that holds moto at pinned versions.
 * Installed on first use and again whenever the pinned requirements change.
 */
public final class PythonEnvironment {
    static final String REQUIREMENTS = "requirements.txt";
    static final String LAUNCHER = "moto_launcher.py";

    private final Path home;

    public PythonEnvironment(Path home) {
        this.home = home;
    }

    public Path python() {
        return home.resolve("venv/bin/python");
    }

    public Path launcher() {
        return home.resolve(LAUNCHER);
    }

    /** Makes sure the environment exists with the pinned packages; prints progress when it installs. */
    public synchronized void ensure(PrintStream progress) {
        try {
            Files.createDirectories(home);
            String requirements = resource(REQUIREMENTS);
            Files.writeString(launcher(), resource(LAUNCHER));
            Path stamp = home.resolve("venv/.driftwatch-requirements");
            if (Files.isExecutable(python())
                    && Files.exists(stamp)
                    && Files.readString(stamp).equals(requirements)) {
                return;
            }
            progress.println(
                    "local endpoint: installing moto into " + home.resolve("venv") + " (first run, about a minute)");
            if (!Files.isExecutable(python())) {
                run(List.of(pythonCommand(), "-m", "venv", home.resolve("venv").toString()), progress);
            }
            Path requirementsFile = home.resolve(REQUIREMENTS);
            Files.writeString(requirementsFile, requirements);
            run(
                    List.of(
                            python().toString(),
                            "-m",
                            "pip",
                            "install",
                            "--quiet",
                            "--disable-pip-version-check",
                            "-r",
                            requirementsFile.toString()),
                    progress);
            Files.writeString(stamp, requirements);
            progress.println("local endpoint: moto installed");
        } catch (IOException e) {
            throw new LocalEndpointException("cannot prepare " + home + ": " + e.getMessage(), e);
        }
    }

    private static String pythonCommand() {
        return Environment.system().get(Environment.PYTHON).orElse("python3");
    }

    private void run(List<String> command, PrintStream progress) throws IOException {
        Path log = home.resolve("install.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new LocalEndpointException(
                        "'" + String.join(" ", command) + "' took over 15 minutes; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalEndpointException("interrupted while installing the local endpoint", e);
        }
        if (process.exitValue() != 0) {
            throw new LocalEndpointException("'" + String.join(" ", command) + "' failed with exit code "
                    + process.exitValue() + "; see " + log);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PythonEnvironment.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing from the driftwatch jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
