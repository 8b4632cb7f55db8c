package dev.kiln.gateway.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.kiln.gateway.tasks.FieldError;

/** An RFC 9457 problem detail; {@code type} is a stable URI that clients can switch on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://kiln.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPES + slug, title, status, detail, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }
}
