package dev.kiln.gateway.idempotency;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.kiln.gateway.prediction.DependencyUnavailableException;
import dev.kiln.gateway.prediction.SubmissionUncertainException;
import dev.kiln.problem.ProblemException;
import dev.kiln.problem.ProblemType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code Idempotency-Key} (IETF httpapi draft, as Stripe has it): the first request with a key claims it in Redis
 * with its body's fingerprint, and its answer is stored under the key for {@code kiln.gateway.idempotency.retention};
 * a later request from the same caller with the same key and body gets that answer again, with
 * {@code Idempotent-Replayed: true}, and creates nothing. Another body with the same key is a 409; so is a request
 * that arrives while the first is still running (with {@code Retry-After}: the client retries and gets the replay).
 * The claim is one atomic script, so that of concurrent requests exactly one runs.
 */
@ApplicationScoped
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger LOG = Logger.getLogger(IdempotentRequests.class);
    private static final String KEY_PREFIX = "kiln:idempotency:";
    private static final Pattern WELL_FORMED = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Duration IN_PROGRESS_RETRY = Duration.ofSeconds(1);

    /**
     * ARGV: fingerprint, in-progress expiry in ms. Returns {"claimed"}, {"conflict"}, {"in-progress"},
     * {"resumed", resume id} (the first request's outcome was uncertain: this one takes it over) or
     * {"done", status, body, location}.
     */
    private static final String CLAIM = """
            local fingerprint = redis.call('HGET', KEYS[1], 'fingerprint')
            if not fingerprint then
              redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'state', 'in-progress')
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {'claimed'}
            end
            if fingerprint ~= ARGV[1] then return {'conflict'} end
            local answer = redis.call('HMGET', KEYS[1], 'state', 'status', 'body', 'location', 'resume')
            if answer[1] == 'uncertain' then
              redis.call('HSET', KEYS[1], 'state', 'in-progress')
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {'resumed', answer[5]}
            end
            if answer[1] ~= 'done' then return {'in-progress'} end
            return {'done', answer[2], answer[3], answer[4] or ''}
            """;

    /**
     * ARGV: fingerprint, resume id, retention in ms. The request may have taken effect: the key keeps what a retry
     * needs to finish the same work (the prediction's id) instead of starting anew.
     */
    private static final String UNCERTAIN = """
            if redis.call('HGET', KEYS[1], 'fingerprint') ~= ARGV[1] then return 0 end
            if redis.call('HGET', KEYS[1], 'state') == 'done' then return 0 end
            redis.call('HSET', KEYS[1], 'state', 'uncertain', 'resume', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    /** ARGV: fingerprint, status, body, location, retention in ms. Only the claim's own request completes it. */
    private static final String COMPLETE = """
            if redis.call('HGET', KEYS[1], 'fingerprint') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'state', 'done', 'status', ARGV[2], 'body', ARGV[3], 'location', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """;

    /** ARGV: fingerprint. Frees a claim whose request failed, so that a retry with the key runs anew. */
    private static final String ABANDON = """
            if redis.call('HGET', KEYS[1], 'fingerprint') == ARGV[1]
                and redis.call('HGET', KEYS[1], 'state') ~= 'done' then
              redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /** Key order and whitespace do not make two bodies different. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final IdempotencyConfig config;

    IdempotentRequests(ReactiveRedisDataSource redis, ObjectMapper json, IdempotencyConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    /**
     * Runs {@code request} once for the caller's key and body, and answers every repetition with its first answer.
     * Without a key ({@code null}) it simply runs the request. A request that fails leaves the key free again,
     * unless its failure is a {@link SubmissionUncertainException}: it may have taken effect, and the next request
     * with the key runs {@code request} with the same prediction id (else {@code request} gets null: a new one).
     */
    public <T> Uni<RestResponse<T>> once(String caller, String idempotencyKey, JsonNode body, Class<T> answerType,
            Function<String, Uni<RestResponse<T>>> request) {
        if (idempotencyKey == null) {
            return request.apply(null);
        }
        if (!WELL_FORMED.matcher(idempotencyKey).matches()) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER,
                    HEADER + " must be 1 to 255 visible ASCII characters, such as a UUID.");
        }
        String key = KEY_PREFIX + sha256(caller + "\n" + idempotencyKey);
        String fingerprint = sha256(canonical(body));
        return redis.execute("EVAL", CLAIM, "1", key, fingerprint, Long.toString(config.inProgressExpiry().toMillis()))
                .onFailure().transform(e -> new DependencyUnavailableException("The idempotency store is unavailable.", e))
                .chain(claim -> switch (claim.get(0).toString()) {
                    case "claimed", "resumed" -> request.apply(claim.size() > 1 ? claim.get(1).toString() : null)
                            .onFailure().call(failure -> failure instanceof SubmissionUncertainException uncertain
                                    ? uncertain(key, fingerprint, uncertain.predictionId())
                                    : abandon(key, fingerprint))
                            .call(answer -> complete(key, fingerprint, answer));
                    case "done" -> Uni.createFrom().item(replay(claim, answerType));
                    case "conflict" -> Uni.createFrom().failure(new ProblemException(
                            ProblemType.IDEMPOTENCY_CONFLICT, "The " + HEADER + " " + idempotencyKey
                                    + " was already used with another body; use a new key for a new request."));
                    default -> Uni.createFrom().failure(new ProblemException(ProblemType.IDEMPOTENCY_CONFLICT,
                            "A request with the " + HEADER + " " + idempotencyKey + " is still being processed;"
                                    + " send it again in a moment to get its answer.")
                            .retryAfter(IN_PROGRESS_RETRY));
                });
    }

    private <T> Uni<Void> complete(String key, String fingerprint, RestResponse<T> answer) {
        String body;
        try {
            body = json.writeValueAsString(answer.getEntity());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String location = answer.getLocation() == null ? "" : answer.getLocation().toString();
        return redis.execute("EVAL", COMPLETE, "1", key, fingerprint, Integer.toString(answer.getStatus()), body,
                location, Long.toString(config.retention().toMillis()))
                .replaceWithVoid()
                // The request has been carried out: its answer stands. A retry with the key may then run it again.
                .onFailure().invoke(e -> LOG.warnf("The answer under an idempotency key was not stored: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> uncertain(String key, String fingerprint, String resumeId) {
        return redis.execute("EVAL", UNCERTAIN, "1", key, fingerprint, resumeId,
                Long.toString(config.retention().toMillis())).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private Uni<Void> abandon(String key, String fingerprint) {
        return redis.execute("EVAL", ABANDON, "1", key, fingerprint).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private <T> RestResponse<T> replay(Response stored, Class<T> answerType) {
        T entity;
        try {
            entity = json.readValue(stored.get(2).toString(), answerType);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable stored answer under an idempotency key", e);
        }
        var answer = RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(stored.get(1).toInteger()),
                entity).header(REPLAYED_HEADER, "true");
        String location = stored.get(3).toString();
        if (!location.isEmpty()) {
            answer.location(URI.create(location));
        }
        return answer.build();
    }

    private static String canonical(JsonNode body) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(body, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body cannot be written as JSON", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
