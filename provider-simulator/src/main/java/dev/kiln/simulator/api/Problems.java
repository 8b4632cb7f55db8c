package dev.kiln.simulator.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json with a stable type; no stack trace reaches a client. */
public class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(Problems.class);

    static String type(String slug) {
        return "https://kiln.dev/problems/simulator/" + slug;
    }

    static Response response(ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.problem().status())
                .type(MEDIA_TYPE)
                .entity(e.problem());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return response(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return response(ProblemException.of(status, slug(title), title, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Unexpected error", e);
        return response(ProblemException.of(500, "internal-error", "Internal error",
                "The simulator failed unexpectedly; its log has the details."));
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
