package dev.driftwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.audit.FindingQuery;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebQueryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00.123456Z"), ZoneOffset.UTC);

    private static WebQuery parse(Map<String, List<String>> params) {
        return WebQuery.parse(params);
    }

    @Test
    void parse_everyFilter_roundTripsThroughTheQueryString() {
        WebQuery query = parse(Map.of(
                "rule", List.of("conservation,negative-stock"),
                "class", List.of("lost_update"),
                "severity", List.of("ERROR"),
                "item", List.of("a|b & <c>"),
                "since", List.of("2h"),
                "page", List.of("2026-12-01T09:00:00Z/abc"),
                "limit", List.of("20")));
        assertEquals(List.of("conservation", "negative-stock"), query.rules());
        assertEquals(Optional.of(FindingClass.LOST_UPDATE), query.findingClass());
        assertEquals(Optional.of(Severity.ERROR), query.minSeverity());
        assertEquals(
                "?rule=conservation%2Cnegative-stock&class=LOST_UPDATE&severity=ERROR&item=a%7Cb+%26+%3Cc%3E"
                        + "&since=2h&page=2026-12-01T09%3A00%3A00Z%2Fabc&limit=20",
                query.queryString());
    }

    @Test
    void parse_unknownParameter_oneLineNamingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of("sort", List.of("asc"))));
        assertEquals(
                "unknown parameter 'sort': expected one of rule, class, severity, item, since, until, page, limit",
                e.getMessage());
    }

    @Test
    void parse_limitAboveMaximum_refused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of("limit", List.of("501"))));
        assertEquals("limit: expected 1 to 500, got 501", e.getMessage());
    }

    @Test
    void parse_badPageToken_namedAsPage() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of("page", List.of("nonsense"))));
        assertEquals("page: expected the token printed by the previous page, got 'nonsense'", e.getMessage());
    }

    @Test
    void parse_repeatedSingleParameter_refused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of("since", List.of("1h", "2h"))));
        assertEquals("since: given 2 times; give it once", e.getMessage());
    }

    @Test
    void parse_ruleWithMarkup_refused() {
        assertThrows(IllegalArgumentException.class, () -> parse(Map.of("rule", List.of("<script>"))));
    }

    @Test
    void parse_valueOverLimit_refused() {
        String long_ = "x".repeat(WebQuery.MAX_VALUE + 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> parse(Map.of("item", List.of(long_))));
        assertEquals("item: longer than 4096 characters (4097)", e.getMessage());
    }

    @Test
    void window_noSince_defaultBackFromNowInMillis() {
        Window window = WebQuery.NONE.window(CLOCK, Duration.ofHours(24), Duration.ofDays(31));
        assertEquals(Instant.parse("2026-12-01T10:00:00.123Z"), window.until());
        assertEquals(Instant.parse("2026-11-30T10:00:00.123Z"), window.since());
    }

    @Test
    void window_durationBeyondTheCalendar_badRequestNotACrash() {
        BadRequest e = assertThrows(BadRequest.class, () -> parse(Map.of("since", List.of("P999999999999D"))));
        assertTrue(e.getMessage().startsWith("since: expected a duration ago"), e.getMessage());
    }

    @Test
    void window_longerThanAllowed_badRequestNamingTheLimit() {
        WebQuery query = parse(Map.of("since", List.of("40d")));
        BadRequest e =
                assertThrows(BadRequest.class, () -> query.window(CLOCK, Duration.ofHours(24), Duration.ofDays(31)));
        assertEquals(
                "the window from 2026-10-22T10:00:00.123Z to 2026-12-01T10:00:00.123Z is longer than 31 days;"
                        + " narrow since/until",
                e.getMessage());
    }

    @Test
    void parse_blankItem_isAnItemKey() {
        assertEquals(Optional.of(" "), parse(Map.of("item", List.of(" "))).item());
    }

    @Test
    void parse_longBadPageToken_echoedShortOnOneLine() {
        String token = "x\n".repeat(1000);
        BadRequest e = assertThrows(BadRequest.class, () -> parse(Map.of("page", List.of(token))));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void window_untilBeforeSince_refused() {
        WebQuery query = parse(Map.of("since", List.of("1h"), "until", List.of("2h")));
        assertThrows(
                IllegalArgumentException.class, () -> query.window(CLOCK, Duration.ofHours(24), Duration.ofDays(31)));
    }

    @Test
    void findingQuery_pageToken_endsTheWindowAtTheToken() {
        WebQuery query = parse(Map.of("page", List.of("2026-12-01T09:00:00Z/abc")));
        Window window = query.window(CLOCK, Duration.ofHours(24), Duration.ofDays(31));
        FindingQuery findingQuery = query.findingQuery("inventory", List.of("conservation"), window);
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), findingQuery.until());
        assertEquals(List.of("conservation"), findingQuery.ruleIds());
    }

    @Test
    void cliLine_hostileItem_quotedForTheShell() {
        WebQuery query = parse(Map.of("item", List.of("it's $(rm -rf /)"), "since", List.of("2h")));
        Window window = query.window(CLOCK, Duration.ofHours(24), Duration.ofDays(31));
        assertEquals(
                "./driftwatch findings '--item=it'\\''s $(rm -rf /)' --since 2026-12-01T08:00:00.123Z"
                        + " --until 2026-12-01T10:00:00.123Z --format csv --limit 0",
                query.cliLine(Optional.of("csv"), Optional.empty(), window));
    }

    @Test
    void cliLine_noSince_pinsTheWindowStart() {
        Window window = WebQuery.NONE.window(CLOCK, Duration.ofHours(24), Duration.ofDays(31));
        assertEquals(
                "./driftwatch findings --config 'my dir/d.yaml' --since 2026-11-30T10:00:00.123Z"
                        + " --until 2026-12-01T10:00:00.123Z",
                WebQuery.NONE.cliLine(Optional.empty(), Optional.of("my dir/d.yaml"), window));
    }
}
