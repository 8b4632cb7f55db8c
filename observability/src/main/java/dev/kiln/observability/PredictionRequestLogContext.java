package dev.kiln.observability;

import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Puts the prediction id of a REST request into its MDC: the {@code {id}} of a path under /v1/predictions or
 * /v1/admin/predictions (gateway-service), or the {@code prediction_id} query parameter (the hint on a provider's
 * webhook to webhook-service). Only a well-formed prediction id is put: what a client sends is never logged as such.
 */
public class PredictionRequestLogContext {

    @ServerRequestFilter
    public void putPredictionId(UriInfo uri) {
        String path = uri.getPath();
        if (path.startsWith("/v1/predictions/") || path.startsWith("/v1/admin/predictions/")) {
            PredictionLogContext.put(uri.getPathParameters().getFirst("id"));
        }
        String hinted = uri.getQueryParameters().getFirst("prediction_id");
        if (hinted != null) {
            PredictionLogContext.put(hinted);
        }
    }
}
