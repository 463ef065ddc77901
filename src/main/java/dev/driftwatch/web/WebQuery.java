package dev.driftwatch.web;

import dev.driftwatch.audit.FindingQuery;
import dev.driftwatch.audit.PageToken;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.validation.Moments;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The filters of a page, as its URL carries them: the same as {@code driftwatch findings} (rule, class,
 * severity, item, since, until, page, limit), so a link pasted into an incident channel opens the same view
 * and {@link #cliLine} prints the equivalent command. Parsing refuses anything else with one line.
 *
 * @param since as typed (a duration ago or an instant); empty for the page's default window
 * @param until as typed; empty for now
 */
public record WebQuery(
        List<String> rules,
        Optional<FindingClass> findingClass,
        Optional<Severity> minSeverity,
        Optional<String> item,
        Optional<String> since,
        Optional<String> until,
        Optional<PageToken> page,
        int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    /** Longer values are refused: an item key is at most 2,048 bytes, a rule id far less. */
    static final int MAX_VALUE = 4096;

    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final List<String> KNOWN =
            List.of("rule", "class", "severity", "item", "since", "until", "page", "limit");

    public WebQuery {
        rules = List.copyOf(rules);
        Objects.requireNonNull(findingClass, "findingClass");
        Objects.requireNonNull(minSeverity, "minSeverity");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(page, "page");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: expected 1 to " + MAX_LIMIT + ", got " + limit);
        }
    }

    public static final WebQuery NONE = new WebQuery(
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            DEFAULT_LIMIT);

    /**
     * The query of a URL's parameters; an empty value is the same as none.
     *
     * @throws IllegalArgumentException naming the parameter, for an unknown, repeated, malformed or oversized one
     */
    public static WebQuery parse(Map<String, List<String>> params) {
        try {
            return parseChecked(params);
        } catch (BadRequest e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static WebQuery parseChecked(Map<String, List<String>> params) {
        for (Map.Entry<String, List<String>> entry : params.entrySet()) {
            if (!KNOWN.contains(entry.getKey())) {
                throw new IllegalArgumentException("unknown parameter '" + shorten(entry.getKey())
                        + "': expected one of " + String.join(", ", KNOWN));
            }
            for (String value : entry.getValue()) {
                if (value.length() > MAX_VALUE) {
                    throw new IllegalArgumentException(
                            entry.getKey() + ": longer than " + MAX_VALUE + " characters (" + value.length() + ")");
                }
            }
            if (!entry.getKey().equals("rule") && entry.getValue().size() > 1) {
                throw new IllegalArgumentException(
                        entry.getKey() + ": given " + entry.getValue().size() + " times; give it once");
            }
        }
        List<String> rules = new ArrayList<>();
        for (String value : params.getOrDefault("rule", List.of())) {
            for (String rule : value.split(",")) {
                String trimmed = rule.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!RULE_ID.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException("rule: not a rule id: '" + shorten(trimmed) + "'");
                }
                if (!rules.contains(trimmed)) {
                    rules.add(trimmed);
                }
            }
        }
        if (rules.size() > 100) {
            throw new IllegalArgumentException("rule: at most 100 rules, got " + rules.size());
        }
        Optional<FindingClass> findingClass = one(params, "class")
                .map(text -> choice(
                        "class",
                        text,
                        () -> FindingClass.valueOf(text.trim().toUpperCase(Locale.ROOT)),
                        FindingClass.values()));
        Optional<Severity> severity = one(params, "severity")
                .map(text -> choice(
                        "severity",
                        text,
                        () -> Severity.valueOf(text.trim().toUpperCase(Locale.ROOT)),
                        Severity.values()));
        Optional<String> since = one(params, "since");
        Optional<String> until = one(params, "until");
        Clock check = Clock.systemUTC();
        since.ifPresent(text -> prefixed("since", () -> Moments.moment(text, check)));
        until.ifPresent(text -> prefixed("until", () -> Moments.moment(text, check)));
        Optional<PageToken> page = one(params, "page").map(text -> {
            try {
                return PageToken.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "page: expected the token printed by the previous page, got '" + shorten(text) + "'");
            }
        });
        int limit = one(params, "limit")
                .map(text -> prefixed("limit", () -> {
                    try {
                        return Integer.parseInt(text.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("expected a number, got '" + shorten(text) + "'");
                    }
                }))
                .orElse(DEFAULT_LIMIT);
        return new WebQuery(rules, findingClass, severity, item(params), since, until, page, limit);
    }

    /** The window this query covers at {@code clock}'s now: {@code defaultWindow} back from its end unless since says. */
    public Window window(Clock clock, Duration defaultWindow, Duration longest) {
        Window window;
        try {
            window = windowUnchecked(clock, defaultWindow);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        if (Duration.between(window.since(), window.until()).compareTo(longest) > 0) {
            throw new BadRequest("the window from " + window.since() + " to " + window.until() + " is longer than "
                    + longest.toDays() + " days; narrow since/until");
        }
        return window;
    }

    private Window windowUnchecked(Clock clock, Duration defaultWindow) {
        Clock millis = Clock.fixed(clock.instant().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
        Instant end = until.map(text -> Moments.moment(text, millis)).orElse(millis.instant());
        Instant start = since.map(text -> Moments.moment(text, millis)).orElse(end.minus(defaultWindow));
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("until " + end + " is before since " + start);
        }
        return new Window(start, end);
    }

    /** The audit table's query: this query's rules, or every rule the table's findings can carry. */
    public FindingQuery findingQuery(String watchedTable, List<String> knownRules, Window window) {
        Instant end = page.map(PageToken::detectedAt)
                .filter(at -> at.isBefore(window.until()))
                .orElse(window.until());
        return new FindingQuery(
                watchedTable,
                item,
                rules.isEmpty() ? knownRules : rules,
                findingClass,
                minSeverity,
                window.since(),
                end.isBefore(window.since()) ? window.since() : end);
    }

    public WebQuery withPage(Optional<PageToken> newPage) {
        return new WebQuery(rules, findingClass, minSeverity, item, since, until, newPage, limit);
    }

    /** The same filters with the window fixed to instants: what a next-page link carries, so it pages one window. */
    public WebQuery pinned(Window window) {
        return new WebQuery(
                rules,
                findingClass,
                minSeverity,
                item,
                Optional.of(window.since().toString()),
                Optional.of(window.until().toString()),
                page,
                limit);
    }

    public WebQuery withRules(List<String> newRules) {
        return new WebQuery(newRules, findingClass, minSeverity, item, since, until, Optional.empty(), limit);
    }

    public WebQuery withItem(Optional<String> newItem) {
        return new WebQuery(rules, findingClass, minSeverity, newItem, since, until, Optional.empty(), limit);
    }

    /** The URL query string, {@code ?}-prefixed (or empty), of the parameters set; links and forms use it. */
    public String queryString() {
        Map<String, String> params = new LinkedHashMap<>();
        if (!rules.isEmpty()) {
            params.put("rule", String.join(",", rules));
        }
        findingClass.ifPresent(c -> params.put("class", c.name()));
        minSeverity.ifPresent(s -> params.put("severity", s.name()));
        item.ifPresent(i -> params.put("item", i));
        since.ifPresent(s -> params.put("since", s));
        until.ifPresent(u -> params.put("until", u));
        page.ifPresent(p -> params.put("page", p.toString()));
        if (limit != DEFAULT_LIMIT) {
            params.put("limit", Integer.toString(limit));
        }
        StringBuilder text = new StringBuilder();
        params.forEach((name, value) -> text.append(text.length() == 0 ? '?' : '&')
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return text.toString();
    }

    /**
     * The {@code driftwatch findings} line that lists the same findings over the same window, as instants
     * ({@code format} csv or json, or empty for the table), every value quoted for a POSIX shell;
     * {@code --limit 0} lists them all.
     */
    public String cliLine(Optional<String> format, Optional<String> configPath, Window window) {
        List<String> words = new ArrayList<>(List.of("./driftwatch", "findings"));
        configPath.ifPresent(path -> words.addAll(List.of("--config", shell(path))));
        if (!rules.isEmpty()) {
            words.addAll(List.of("--rule", shell(String.join(",", rules))));
        }
        findingClass.ifPresent(c -> words.addAll(List.of("--class", c.name())));
        minSeverity.ifPresent(s -> words.addAll(List.of("--severity", s.name())));
        // --item=VALUE: a key that looks like an option ("--since", "-h") stays the item's key
        item.ifPresent(i -> words.add(shell("--item=" + i)));
        // the window as instants, as the page shows it: a relative "2h" would mean another window later
        words.addAll(List.of(
                "--since", window.since().toString(), "--until", window.until().toString()));
        format.ifPresent(f -> words.addAll(List.of("--format", f, "--limit", "0")));
        return String.join(" ", words);
    }

    /** A word for a POSIX shell: bare when it holds only safe characters, else single-quoted. */
    static String shell(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:,@%+-][A-Za-z0-9_./:,=@%+-]*")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** An item key may be blank (DynamoDB allows " "): only an empty value means none. */
    private static Optional<String> item(Map<String, List<String>> params) {
        List<String> values = params.getOrDefault("item", List.of());
        return values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Optional<String> one(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        return values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static <T> T choice(String name, String text, java.util.function.Supplier<T> parse, Object[] choices) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (Object choice : choices) {
                names.add(choice.toString());
            }
            throw new IllegalArgumentException(
                    name + ": expected one of " + String.join(", ", names) + ", got '" + shorten(text) + "'");
        }
    }

    private static <T> T prefixed(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().replaceFirst("^--page: ", "");
            throw new IllegalArgumentException(name + ": " + message);
        }
    }

    /** A value quoted in a one-line message: line breaks as spaces, cut at 80 characters. */
    static String shorten(String text) {
        String line = text.replaceAll("[\\r\\n]", " ");
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }
}
