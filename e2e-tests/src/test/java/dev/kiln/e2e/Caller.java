package dev.kiln.e2e;

import io.restassured.specification.RequestSpecification;

/** Whoever calls Kiln in a test: a signed-in user (a bearer token) or an anonymous client (an address of its own). */
public interface Caller {

    /** A fresh request to the service at {@code baseUri}, carrying this caller's credentials or address. */
    RequestSpecification to(String baseUri);
}
