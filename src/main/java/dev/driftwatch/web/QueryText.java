package dev.driftwatch.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a query string, decoded strictly: a malformed percent-escape ({@code %ZZ}, a lone {@code %}) or
 * escapes that are not UTF-8 ({@code %FF}) are a 400 with one line. Jetty's own decoding dropped or replaced such a
 * parameter, and a filter dropped silently showed every finding as if it had matched.
 */
final class QueryText {
    private QueryText() {}

    /** Each name with its values in the order given; {@code +} is a space, a name without {@code =} has "". */
    static Map<String, List<String>> parameters(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String part : query.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int equals = part.indexOf('=');
            String name = decode(equals < 0 ? part : part.substring(0, equals), part);
            String value = equals < 0 ? "" : decode(part.substring(equals + 1), part);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text, String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            int c = text.codePointAt(i);
            if (c == '%') {
                if (hex(text, i + 1) < 0 || hex(text, i + 2) < 0) {
                    throw new BadRequest("the query holds a malformed %-escape near '"
                            + WebQuery.shorten(text.substring(i, Math.min(text.length(), i + 3)))
                            + "': escape % as %25");
                }
                bytes.write(hex(text, i + 1) * 16 + hex(text, i + 2));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c == '+' ? ' ' : c);
            } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                throw new BadRequest("the query is not UTF-8 in '" + WebQuery.shorten(part) + "'"); // a lone half
            } else {
                bytes.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("the query's %-escapes are not UTF-8 in '" + WebQuery.shorten(part) + "'");
        }
    }

    /** An ASCII hex digit's value, or -1 (Character.digit takes other scripts' digits too). */
    private static int hex(String text, int at) {
        char c = at < text.length() ? text.charAt(at) : 'x';
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }
}
