package dev.driftwatch.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, path-addressed reads over a parsed YAML document with environment overrides. Every key
 * read is remembered, so that keys nobody read can be reported as unknown.
 */
final class ConfigTree {
    private final String source;
    private final String prefix;
    private final Map<String, Object> values;
    private final Map<String, String> environment;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigTree(String source, Map<String, Object> document, Map<String, String> environment) {
        this(source, "", document, environment);
    }

    private ConfigTree(String source, String prefix, Map<String, Object> document, Map<String, String> environment) {
        this.source = source;
        this.prefix = prefix;
        this.values = flatten("", document, new LinkedHashMap<>());
        this.environment = environment;
    }

    /** Keys where an empty value has a documented meaning rather than "the default". */
    static final Set<String> EMPTY_MEANS_SOMETHING = Set.of("endpoint");

    /**
     * The raw value at a dotted path: the environment override first, then the file. A key given with no
     * value is refused (it would silently take its default), except where empty has a meaning.
     */
    Optional<Object> raw(String path) {
        read.add(path);
        String override = environment.get(environmentName(path));
        if (override != null) {
            if (override.isBlank() && !EMPTY_MEANS_SOMETHING.contains(path)) {
                throw emptyValue(path);
            }
            return Optional.of(override);
        }
        Object value = values.get(path);
        if (value == null && values.containsKey(path) && !EMPTY_MEANS_SOMETHING.contains(path)) {
            throw emptyValue(path);
        }
        return Optional.ofNullable(value);
    }

    private ConfigException emptyValue(String path) {
        return error(path, "empty: remove the key to take its default, or give it a value");
    }

    /** The override names of every key read so far. */
    Set<String> environmentNamesRead() {
        Set<String> names = new LinkedHashSet<>();
        read.forEach(path -> names.add(environmentName(path)));
        return names;
    }

    String string(String path, String defaultValue) {
        return raw(path).map(String::valueOf).orElse(defaultValue);
    }

    <T> T parsed(String path, T defaultValue, Function<String, T> parser) {
        Optional<Object> value = raw(path);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(String.valueOf(value.get()).trim());
        } catch (RuntimeException e) {
            throw error(path, e.getMessage());
        }
    }

    long whole(String path, long defaultValue) {
        return parsed(path, defaultValue, text -> {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number, got: '" + text + "'");
            }
        });
    }

    List<String> strings(String path) {
        read.add(path);
        String override = environment.get(environmentName(path));
        if (override != null) {
            if (override.isBlank()) {
                throw emptyValue(path); // an empty override would silently drop, e.g., every redacted attribute
            }
            return List.of(override.split("\\s*,\\s*"));
        }
        Object value = values.get(path);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw error(path, "expected a list, got: '" + value + "'");
        }
        List<String> result = new ArrayList<>();
        for (Object element : list) {
            result.add(String.valueOf(element));
        }
        return result;
    }

    /** Fails on the first key of the file that no read asked for. */
    void rejectUnknownKeys() {
        for (String path : values.keySet()) {
            if (!read.contains(path)) {
                throw error(path, "unknown key");
            }
        }
    }

    /**
     * The mappings of a list at {@code path} (e.g. {@code alerts.sinks}), each as its own tree whose
     * errors name {@code path[index]}. Elements cannot be overridden from the environment.
     */
    List<ConfigTree> mappings(String path) {
        read.add(path);
        Object value = values.get(path);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw error(path, "expected a list of mappings, got: '" + value + "'");
        }
        List<ConfigTree> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String elementPath = path + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> element)) {
                throw error(elementPath, "expected a mapping, got: '" + list.get(i) + "'");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) element;
            result.add(new ConfigTree(source, elementPath + ".", typed, Map.of()));
        }
        return result;
    }

    boolean has(String path) {
        return values.containsKey(path) || environment.containsKey(environmentName(path));
    }

    ConfigException error(String path, String reason) {
        return new ConfigException(source + ": " + prefix + path + ": " + reason);
    }

    static String environmentName(String path) {
        return "DRIFTWATCH_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private Map<String, Object> flatten(String prefix, Map<?, ?> node, Map<String, Object> into) {
        for (Map.Entry<?, ?> entry : node.entrySet()) {
            String path = prefix + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> child) {
                if (child.isEmpty()) {
                    into.put(path, child);
                } else {
                    flatten(path + ".", child, into);
                }
            } else {
                into.put(path, entry.getValue());
            }
        }
        return into;
    }
}
