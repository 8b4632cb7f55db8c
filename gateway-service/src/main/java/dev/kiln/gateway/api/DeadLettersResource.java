package dev.kiln.gateway.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.kiln.gateway.deadletters.DeadLetter;
import dev.kiln.gateway.deadletters.DeadLetters;
import dev.kiln.gateway.identity.Caller;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Operators look at dead letters and replay them (docs/gateway-service.md "Dead letters"): every topic's .dlq, the
 * other services' included. A replay is done once; a second replay of the same record is 409 already-replayed.
 */
@Path("/v1/admin/dead-letters")
@RolesAllowed(Caller.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin", description = "Operators (role admin): dead letters, a prediction's timeline.")
public class DeadLettersResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final DeadLetters deadLetters;
    private final SecurityIdentity identity;

    DeadLettersResource(DeadLetters deadLetters, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.identity = identity;
    }

    /** The records of one dead-letter topic, oldest first. */
    public record DeadLetterList(String topic, List<DeadLetter> deadLetters) {
    }

    @GET
    @Blocking
    public DeadLetterList list(@QueryParam("topic") String topic, @QueryParam("limit") String limit) {
        requireDeadLetterTopic(topic);
        return new DeadLetterList(topic, deadLetters.list(topic, limit(limit)));
    }

    @POST
    @Path("/{topic}/{partition}/{offset}/replay")
    @Blocking
    public DeadLetter.Replay replay(@PathParam("topic") String topic, @PathParam("partition") String partition,
            @PathParam("offset") String offset) {
        requireDeadLetterTopic(topic);
        return deadLetters.replay(topic, (int) whole("partition", partition, Integer.MAX_VALUE),
                whole("offset", offset, Long.MAX_VALUE), identity.getPrincipal().getName());
    }

    private static void requireDeadLetterTopic(String topic) {
        if (topic == null || !topic.endsWith(".dlq") || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "topic must name a dead-letter topic, such as"
                    + " prediction.completed.dlq; it was " + (topic == null ? "missing" : "'" + topic + "'") + ".");
        }
    }

    private static int limit(String limit) {
        return limit == null ? DEFAULT_LIMIT : (int) whole("limit", limit, MAX_LIMIT, 1);
    }

    private static long whole(String name, String value, long max) {
        return whole(name, value, max, 0);
    }

    private static long whole(String name, String value, long max, long min) {
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(ProblemType.INVALID_PARAMETER,
                name + " must be a whole number from " + min + " to " + max + "; it was '" + value + "'.");
    }
}
