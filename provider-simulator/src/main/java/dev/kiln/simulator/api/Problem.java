package dev.kiln.simulator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.kiln.simulator.faults.Faults.FieldError;

/** An RFC 9457 problem detail; errors lists the invalid fields of a 422. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
}
