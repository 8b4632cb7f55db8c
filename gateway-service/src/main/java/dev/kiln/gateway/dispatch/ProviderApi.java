package dev.kiln.gateway.dispatch;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Replicate's predictions API, the part the gateway uses. */
@RegisterRestClient(configKey = "provider")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${kiln.provider.api-token}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface ProviderApi {

    /** Creates a prediction of a model's latest version; the provider cancels it after {@code cancelAfter}. */
    @POST
    @Path("/v1/models/{owner}/{name}/predictions")
    Uni<ProviderPrediction> createForModel(@PathParam("owner") String owner, @PathParam("name") String name,
            @HeaderParam("Cancel-After") String cancelAfter, CreateRequest request);

    /** Creates a prediction of a pinned version. */
    @POST
    @Path("/v1/predictions")
    Uni<ProviderPrediction> createForVersion(@HeaderParam("Cancel-After") String cancelAfter,
            CreateRequest request);

    @POST
    @Path("/v1/predictions/{id}/cancel")
    Uni<ProviderPrediction> cancel(@PathParam("id") String id);

    /** One prediction as the provider sees it, whole (the admin timeline shows it as it is). */
    @GET
    @Path("/v1/predictions/{id}")
    Uni<JsonNode> get(@PathParam("id") String id);

    /** The account's predictions, newest first; {@code cursor} null for the first page. */
    @GET
    @Path("/v1/predictions")
    Uni<ProviderPage> list(@QueryParam("cursor") String cursor);
}
