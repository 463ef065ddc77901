package dev.driftwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostCheckTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.0.0.1:8080",
                "localhost:8080",
                "LOCALHOST",
                "localhost.",
                "[::1]:8080",
                "[0:0:0:0:0:0:0:1]",
                "[0000:0000:0000:0000:0000:0000:0000:0001]:80",
                "10.1.2.3:8080",
                "[fe80::1]",
                "audit.example.com:443",
                "AUDIT.example.com"
            })
    void accepted_addressLocalhostOrAllowedName_true(String host) {
        assertTrue(HostCheck.accepted(host, Set.of("audit.example.com")), host);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "attacker.example",
                "attacker.example:8080",
                "localhost.attacker.example",
                "127.0.0.1.nip.io",
                "127.999.0.1",
                "[::1",
                "[::1]x",
                "[::1]:99999999",
                "[not-an-address]",
                "127.0.0.1:80:80",
                "localhost:http",
                "",
                " "
            })
    void accepted_anyOtherName_false(String host) {
        assertFalse(HostCheck.accepted(host, Set.of("audit.example.com")), host);
    }

    @org.junit.jupiter.api.Test
    void accepted_noHostHeader_false() {
        assertFalse(HostCheck.accepted(null, Set.of()));
    }

    @org.junit.jupiter.api.Test
    void allowedName_nameOrOneLineError() {
        assertEquals("audit.example.com", HostCheck.allowedName("Audit.Example.COM"));
        IllegalArgumentException scheme =
                assertThrows(IllegalArgumentException.class, () -> HostCheck.allowedName("https://audit.example.com"));
        assertEquals(
                "--allowed-host: expected a host name such as audit.example.com (no scheme, no port), got"
                        + " 'https://audit.example.com'",
                scheme.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostCheck.allowedName("audit.example.com:8080"));
        assertThrows(IllegalArgumentException.class, () -> HostCheck.allowedName(""));
        assertThrows(IllegalArgumentException.class, () -> HostCheck.allowedName("a..b"));
    }
}
