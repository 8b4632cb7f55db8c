package dev.kiln.apitokens;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A {@code kiln_} token taken from {@code Authorization: Bearer}, to be checked against the registry. */
public class ApiTokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
