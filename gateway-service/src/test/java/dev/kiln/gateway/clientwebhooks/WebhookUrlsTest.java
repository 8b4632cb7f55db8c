package dev.kiln.gateway.clientwebhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The addresses a webhook may reach, with and without allowed networks (no lookups: literal addresses only). */
class WebhookUrlsTest {

    static WebhookUrls rules(boolean requireHttps, List<String> allowed) {
        return new WebhookUrls(new ClientWebhooksConfig() {
            public boolean requireHttps() { return requireHttps; }
            public Optional<List<String>> allowedNetworks() { return Optional.of(allowed); }
            public Duration timeout() { return Duration.ofSeconds(15); }
            public List<Duration> retrySchedule() { return List.of(Duration.ZERO); }
            public double jitter() { return 0; }
            public Duration maxRetryAfter() { return Duration.ofHours(24); }
            public Duration pollEvery() { return Duration.ofSeconds(1); }
            public int maxConcurrent() { return 1; }
            public int maxPerEndpoint() { return 1; }
            public Duration logsInterval() { return Duration.ofMillis(500); }
            public String deliveryPool() { return "default"; }
        }, null);
    }

    @Test
    void onlyPublicAddressesPassUnlessANetworkIsAllowed() throws Exception {
        WebhookUrls production = rules(true, List.of());
        for (String inside : new String[] {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd12::1", "ff02::1", "::",
                "::ffff:127.0.0.1", "::ffff:10.0.0.1"}) {
            assertTrue(production.refusal(InetAddress.getByName(inside)).isPresent(), inside);
        }
        for (String outside : new String[] {"93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "100.128.0.1"}) {
            assertEquals(Optional.empty(), production.refusal(InetAddress.getByName(outside)), outside);
        }
        WebhookUrls local = rules(false, List.of("127.0.0.0/8", "::1/128"));
        assertEquals(Optional.empty(), local.refusal(InetAddress.getByName("127.0.0.1")));
        assertTrue(local.refusal(InetAddress.getByName("10.0.0.1")).isPresent(), "only what is allowed");
    }

    @Test
    void aDeliveryConnectsOnlyToAnAddressThatPassed() {
        WebhookUrls production = rules(true, List.of());
        assertThrows(UnreachableEndpointException.class, () -> production.addressToConnect("127.0.0.1"));
        assertThrows(UnreachableEndpointException.class, () -> production.addressToConnect("[::1]"));
        assertEquals("93.184.215.14", production.addressToConnect("93.184.215.14").getHostAddress());
    }

    @Test
    void theFormIsCheckedWithoutALookup() {
        WebhookUrls production = rules(true, List.of());
        assertEquals(List.of(), production.formProblems("https://example.com/hooks/kiln?x=1"));
        assertTrue(production.formProblems("http://example.com/hook").get(0).startsWith("must be https"));
        assertTrue(production.formProblems("https://user:pw@example.com/hook").get(0).contains("user name"));
        assertTrue(production.formProblems("https://example.com/" + "a".repeat(2048)).get(0).contains("2048"));
        assertEquals(List.of(), rules(false, List.of()).formProblems("http://example.com/hook"));
    }
}
