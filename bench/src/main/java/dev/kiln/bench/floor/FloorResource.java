package dev.kiln.bench.floor;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * The least a submit must do, and its read: one Redis {@code SET EX} and one acknowledged Kafka send (the producer
 * settings of the gateway's prediction.requested channel), answered only after both; one Redis {@code GET}. Every Kiln
 * figure of ./stack bench is a ratio to these two, measured in the same run on the same Kafka and Redis.
 */
@Path("/floor")
public class FloorResource {

    static final String CHANNEL = "bench-floor";
    private static final Duration TTL = Duration.ofHours(1);
    private static final String KEY_PREFIX = "kiln:bench:floor:";

    private final ReactiveValueCommands<String, String> values;
    private final MutinyEmitter<Record<String, String>> sends;

    FloorResource(ReactiveRedisDataSource redis, @Channel(CHANNEL) MutinyEmitter<Record<String, String>> sends) {
        this.values = redis.value(String.class);
        this.sends = sends;
    }

    /** The body is stored and sent as it came: the floor validates and serialises nothing. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(String body) {
        // Random enough for distinct keys; the floor must not pay for SecureRandom (that cost is Kiln's to show).
        var random = ThreadLocalRandom.current();
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        return values.set(KEY_PREFIX + id, body, new SetArgs().ex(TTL))
                .chain(() -> sends.send(Record.of(id, body)))
                .map(sent -> Response.status(Response.Status.ACCEPTED).entity("{\"id\":\"" + id + "\"}").build());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> status(@PathParam("id") String id) {
        return values.get(KEY_PREFIX + id).map(body -> body == null
                ? Response.status(Response.Status.NOT_FOUND).build()
                : Response.ok(body).build());
    }
}
