package dev.kiln.problem;

/** One invalid field of a request: where it is (a JSON path such as {@code input.number}) and what is wrong. */
public record FieldError(String field, String message) {
}
