package dev.kiln.e2e;

import static io.restassured.RestAssured.given;

import java.security.SecureRandom;

import io.restassured.specification.RequestSpecification;

/**
 * An anonymous client of the gateway with an address of its own. The gateway's local profile trusts 127.0.0.1 as a
 * proxy, so a test that sends {@code X-Forwarded-For} is, for the gateway, a client at that address: each test gets
 * its own and so its own free quota (3 a day), whatever other tests have submitted.
 */
public final class Anonymous implements Caller {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String address;

    private Anonymous(String address) {
        this.address = address;
    }

    /**
     * A client at an address that no other test uses: random in 198.18.0.0/15 (RFC 2544's benchmarking range, never
     * a real client), about 131,000 addresses, so two tests of one run meet with a chance of one in tens of thousands.
     */
    public static Anonymous client() {
        int host = RANDOM.nextInt(1 << 17);
        return new Anonymous("198." + (18 + (host >> 16)) + "." + ((host >> 8) & 0xff) + "." + (host & 0xff));
    }

    public String address() {
        return address;
    }

    /** The caller's id in Kiln: {@code anonymous:<address>}. */
    public String userId() {
        return "anonymous:" + address;
    }

    /** A request from this client; only the gateway believes the address (from 127.0.0.1, a trusted proxy). */
    @Override
    public RequestSpecification to(String baseUri) {
        return given().baseUri(baseUri).header("X-Forwarded-For", address);
    }
}
