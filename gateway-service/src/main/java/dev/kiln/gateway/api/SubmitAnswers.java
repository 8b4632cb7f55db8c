package dev.kiln.gateway.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import jakarta.ws.rs.core.MediaType;

/**
 * The answers of a submit in the OpenAPI document (/q/openapi), one definition for both routes that submit:
 * POST /v1/predictions and Replicate's model route (api.ModelsResource), which answer alike. SmallRye OpenAPI reads
 * the responses of an annotation on an operation as the operation's own; runtime retention, since it reads only
 * those.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@APIResponse(responseCode = "201", description = "Prefer: wait only: the prediction ended within the wait",
        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                schema = @Schema(implementation = PublicPrediction.class),
                examples = @ExampleObject(name = "succeeded", value = PredictionExamples.SUCCEEDED)))
@APIResponse(responseCode = "202", description = "Accepted; with Prefer: wait, not terminal within the wait",
        content = @Content(mediaType = MediaType.APPLICATION_JSON,
                schema = @Schema(implementation = PublicPrediction.class),
                examples = @ExampleObject(name = "starting", value = PredictionExamples.STARTING)))
@interface SubmitAnswers {
}
