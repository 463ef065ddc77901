package dev.driftwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTextTest {
    @Test
    void parameters_wellFormed_decodedInOrder() {
        assertEquals(Map.of(), QueryText.parameters(null));
        assertEquals(Map.of(), QueryText.parameters(""));
        Map<String, List<String>> decoded = QueryText.parameters(
                "item=%3Cimg%20src%3Dx%3E&since=2026-12-01T00%3A00%3A00Z&item=caf%C3%A9&&rule=a+b&flag&x=100%25"
                        + "&e=%F0%9F%98%80");
        assertEquals(List.of("item", "since", "rule", "flag", "x", "e"), List.copyOf(decoded.keySet()));
        assertEquals(List.of("<img src=x>", "café"), decoded.get("item"));
        assertEquals(List.of("2026-12-01T00:00:00Z"), decoded.get("since"));
        assertEquals(List.of("a b"), decoded.get("rule"));
        assertEquals(List.of(""), decoded.get("flag"));
        assertEquals(List.of("100%"), decoded.get("x"));
        assertEquals(List.of("\uD83D\uDE00"), decoded.get("e"));
        // Unescaped (curl sends it so; browsers escape it): a character outside the BMP stays itself.
        assertEquals(
                List.of("\uD83D\uDE00 caf\u00E9"),
                QueryText.parameters("item=\uD83D\uDE00+caf\u00E9").get("item"));
        assertEquals(
                List.of("\uD876\uDC00"),
                QueryText.parameters("item=\uD876\uDC00").get("item"),
                "U+2D800");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "rule=%ZZ|the query holds a malformed %-escape near '%ZZ': escape % as %25",
                "rule=conservation&item=50%|the query holds a malformed %-escape near '%': escape % as %25",
                "item=%4|the query holds a malformed %-escape near '%4': escape % as %25",
                "%G1=x|the query holds a malformed %-escape near '%G1': escape % as %25",
                "item=%FF|the query's %-escapes are not UTF-8 in 'item=%FF'",
                "item=%C3|the query's %-escapes are not UTF-8 in 'item=%C3'",
                "item=%ED%A0%80|the query's %-escapes are not UTF-8 in 'item=%ED%A0%80'",
                "item=%\u0664\u0661|the query holds a malformed %-escape near '%\u0664\u0661': escape % as %25",
                "item=\uD800x|the query is not UTF-8 in 'item=\uD800x'"
            })
    void parameters_malformed_badRequestWithOneLine(String query, String message) {
        BadRequest bad = assertThrows(BadRequest.class, () -> QueryText.parameters(query));
        assertEquals(message, bad.getMessage());
    }
}
