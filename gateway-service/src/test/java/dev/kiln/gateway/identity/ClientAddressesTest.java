package dev.kiln.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private final ClientAddresses behindProxies = new ClientAddresses(List.of("10.0.0.0/8", "::1/128"));
    private final ClientAddresses direct = new ClientAddresses(List.of());

    @Test
    void ignoresXForwardedForFromAPeerThatIsNoTrustedProxy() {
        assertEquals("203.0.113.9", behindProxies.of("203.0.113.9", List.of("198.51.100.1")));
        assertEquals("10.1.2.3", direct.of("10.1.2.3", List.of("198.51.100.1")));
    }

    @Test
    void believesXForwardedForFromATrustedProxy() {
        assertEquals("198.51.100.1", behindProxies.of("10.1.2.3", List.of("198.51.100.1")));
        assertEquals("198.51.100.1", behindProxies.of("::1", List.of("198.51.100.1")));
    }

    @Test
    void takesTheRightMostHopThatIsNoTrustedProxyBecauseTheClientWroteTheOnesLeftOfIt() {
        assertEquals("198.51.100.1",
                behindProxies.of("10.1.2.3", List.of("1.2.3.4, 198.51.100.1, 10.9.9.9")));
        assertEquals("198.51.100.1", behindProxies.of("10.1.2.3", List.of("1.2.3.4", "198.51.100.1")));
    }

    @Test
    void stopsAtAHopThatIsNoAddress() {
        assertEquals("10.1.2.3", behindProxies.of("10.1.2.3", List.of("evil.example.com")));
    }

    @Test
    void keepsThePeerWhenThereIsNoHeader() {
        assertEquals("10.1.2.3", behindProxies.of("10.1.2.3", List.of()));
    }

    @Test
    void matchesRangesByTheirPrefixBits() {
        var ranges = new ClientAddresses(List.of("192.168.4.0/22"));
        assertEquals("1.1.1.1", ranges.of("192.168.7.255", List.of("1.1.1.1")));
        assertEquals("192.168.8.1", ranges.of("192.168.8.1", List.of("1.1.1.1")));
    }

    @Test
    void refusesARangeThatIsNoAddressWithAMessageNamingTheKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(List.of("proxy.local/8")));
        assertEquals(true, e.getMessage().startsWith("kiln.gateway.trusted-proxies"));
    }
}
