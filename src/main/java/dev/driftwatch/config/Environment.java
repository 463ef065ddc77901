package dev.driftwatch.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment, read in this one place. Three kinds of variable are read through it: the
 * {@code DRIFTWATCH_*} overrides of configuration keys (by {@link ConfigLoader}), the variables a
 * configuration names for secrets ({@code urlEnv}, {@code routingKeyEnv}), and the launcher's own,
 * listed in {@link #LAUNCHER_VARIABLES}, which are not configuration keys.
 */
public final class Environment {
    /** Where the local endpoint keeps its virtualenv and state; default {@code .local} in the working directory. */
    public static final String HOME = "DRIFTWATCH_HOME";
    /** The project directory, where the launcher finds {@code config/driftwatch.yaml} from anywhere. */
    public static final String PROJECT_DIR = "DRIFTWATCH_PROJECT_DIR";
    /** The Python that builds the local endpoint's virtualenv; default {@code python3}. */
    public static final String PYTHON = "DRIFTWATCH_PYTHON";
    /** JVM options the {@code driftwatch} launcher script passes to {@code java}. */
    public static final String JAVA_OPTS = "DRIFTWATCH_JAVA_OPTS";
    /** The level of driftwatch's own loggers (logback.xml reads it; default INFO). */
    public static final String LOG_LEVEL = "DRIFTWATCH_LOG_LEVEL";
    /** The level of KCL's and the adapter's loggers (logback.xml reads it; default WARN). */
    public static final String KCL_LOG_LEVEL = "DRIFTWATCH_KCL_LOG_LEVEL";
    /**
     * The launcher's and the logging's own variables: they share the {@code DRIFTWATCH_} prefix but are no
     * configuration key. Logback reads the two log levels itself when it starts, before any code runs.
     */
    public static final List<String> LAUNCHER_VARIABLES =
            List.of(HOME, PROJECT_DIR, PYTHON, JAVA_OPTS, LOG_LEVEL, KCL_LOG_LEVEL);

    private final Map<String, String> variables;

    public Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The environment this process was started with. */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    /** The value of {@code name}, empty when unset or blank. */
    public Optional<String> get(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public Map<String, String> asMap() {
        return variables;
    }
}
