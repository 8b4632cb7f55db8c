package dev.kiln.credits.api;

import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem detail, the body of every error answer. */
public record Problem(String type, String title, int status, String detail) {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://kiln.dev/problems/";

    static Problem of(String slug, String title, Response.Status status, String detail) {
        return new Problem(TYPES + slug, title, status.getStatusCode(), detail);
    }

    Response response() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
