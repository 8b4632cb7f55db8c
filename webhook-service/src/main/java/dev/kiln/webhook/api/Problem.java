package dev.kiln.webhook.api;

/** An RFC 9457 problem detail; {@code type} is stable, so clients may branch on it. */
public record Problem(String type, String title, int status, String detail) {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://kiln.dev/problems/";

    static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail);
    }
}
