package dev.kiln.storage.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProviderHostsTest {

    private final ProviderHosts hosts = new ProviderHosts(List.of("replicate.delivery", " pbxt.replicate.delivery ",
            "localhost:8090"));

    @Test
    void allowsAListedHostOnItsSchemesDefaultPort() throws OutputRejectedException {
        assertEquals("replicate.delivery", hosts.check(0, "https://replicate.delivery/xezq/0.png").getHost());
        assertEquals("PBXT.Replicate.Delivery", hosts.check(0, "https://PBXT.Replicate.Delivery/a/b.webp").getHost());
        assertEquals(443, hosts.check(0, "https://replicate.delivery:443/xezq/0.png").getPort());
    }

    @Test
    void allowsAListedHostAndPort() throws OutputRejectedException {
        assertEquals(8090, hosts.check(0, "http://localhost:8090/files/abc/0.png").getPort());
    }

    @Test
    void refusesOtherHostsAndPorts() {
        assertEquals("host evil.example is not an allowed provider host", reason("https://evil.example/0.png"));
        assertEquals("host localhost:9000 is not an allowed provider host", reason("http://localhost:9000/kiln-outputs/x"));
        assertEquals("host localhost is not an allowed provider host", reason("http://localhost/files/0.png"));
        assertEquals("host replicate.delivery:8443 is not an allowed provider host",
                reason("https://replicate.delivery:8443/0.png"));
        assertEquals("host replicate.delivery.evil.example is not an allowed provider host",
                reason("https://replicate.delivery.evil.example/0.png"));
    }

    @Test
    void judgesTheRealHostNotTheUserInfoInFrontOfIt() {
        assertEquals("host evil.example is not an allowed provider host",
                reason("https://replicate.delivery@evil.example/0.png"));
    }

    @Test
    void refusesSchemesOtherThanHttpAndHttps() {
        assertEquals("output 2 is not an http or https URL", reason(2, "file:///etc/passwd"));
        assertEquals("output 2 is not an http or https URL", reason(2, "ftp://replicate.delivery/0.png"));
        assertEquals("output 2 is not an http or https URL", reason(2, "/files/0.png"));
        assertEquals("output 2 is not a valid URL", reason(2, "https://replicate.delivery/a b"));
    }

    private String reason(String url) {
        return reason(0, url);
    }

    private String reason(int index, String url) {
        return assertThrows(OutputRejectedException.class, () -> hosts.check(index, url)).reason();
    }
}
