package dev.driftwatch.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which Host headers the web view answers (DNS rebinding): an IP address (v4, or v6 in brackets, in any of its
 * spellings), {@code localhost}, or a name the operator allowed. A name is never resolved here.
 */
final class HostCheck {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-f:.]{2,45}");
    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private HostCheck() {}

    static boolean accepted(String header, Set<String> allowedNames) {
        if (header == null) {
            return false;
        }
        String host = header.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0 || !portOrNothing(host.substring(end + 1))) {
                return false;
            }
            return ipv6(host.substring(1, end));
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            if (!portOrNothing(host.substring(colon))) {
                return false;
            }
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1); // "localhost." is the same name
        }
        return IPV4.matcher(host).matches() || host.equals("localhost") || allowedNames.contains(host);
    }

    /** A name as {@code --allowed-host} takes it: a DNS name, no port, no scheme; lower-cased. */
    static String allowedName(String given) {
        String name = given.trim().toLowerCase(Locale.ROOT);
        if (name.length() > 253 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "--allowed-host: expected a host name such as audit.example.com (no scheme, no port), got '"
                            + WebQuery.shorten(given) + "'");
        }
        return name;
    }

    private static boolean portOrNothing(String rest) {
        return rest.isEmpty()
                || (rest.startsWith(":") && PORT.matcher(rest.substring(1)).matches());
    }

    private static boolean ipv6(String literal) {
        if (!IPV6_TEXT.matcher(literal).matches() || literal.indexOf(':') < 0) {
            return false;
        }
        try {
            InetAddress.getByName("[" + literal + "]");
            return true;
        } catch (UnknownHostException e) {
            return false; // not a literal: getByName never resolves a text holding ':'
        }
    }
}
