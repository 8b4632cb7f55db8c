package dev.kiln.e2e.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.e2e.Stack;
import dev.kiln.testing.KafkaProbe;

/**
 * What must hold after the chaos, read from where each fact lives: the gateway's API and status store (Redis) and
 * durable record (PostgreSQL), the credits ledger, the topics, the bucket and storage's record of what it stored,
 * and the simulator's own list of jobs. Each violation names its invariant and the prediction (or user) it was seen
 * on; the counts say what the run did.
 */
final class Invariants {

    static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "aborted");
    static final List<String> DLQ_TOPICS = List.of("prediction.requested.dlq", "credits.reservations.dlq",
            "prediction.dispatched.dlq", "prediction.progressed.dlq", "prediction.completed.dlq",
            "prediction.stored.dlq", "credits.settlements.dlq");

    private static final ObjectMapper JSON = new ObjectMapper();

    record Violation(String invariant, String subject, String detail) {
        @Override
        public String toString() {
            return invariant + " | " + subject + " | " + detail;
        }
    }

    private final Load load;
    private final KafkaProbe kafka;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, JsonNode> lastSeen = new ConcurrentHashMap<>();
    final List<Violation> violations = new ArrayList<>();
    final Map<String, Long> counts = new LinkedHashMap<>();

    Invariants(Load load, KafkaProbe kafka) {
        this.load = load;
        this.kafka = kafka;
    }

    /**
     * Waits, within the bound, until every accepted prediction is terminal at the gateway and every reservation is
     * settled; returns how long that took, or null when the bound passed first (the check then says what is left).
     */
    Duration awaitSettled(Duration bound) {
        long started = System.nanoTime();
        try {
            await("every accepted prediction terminal and settled").atMost(bound).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions().until(this::terminalAndSettled);
            return Duration.ofNanos(System.nanoTime() - started);
        } catch (ConditionTimeoutException e) {
            return null;
        }
    }

    private boolean terminalAndSettled() throws SQLException {
        List<Load.Accepted> all = new ArrayList<>(load.accepted);
        all.addAll(acceptedWithoutAnswer(all.stream().map(Load.Accepted::id).collect(Collectors.toSet())));
        for (Load.Accepted prediction : all) {
            JsonNode seen = lastSeen.get(prediction.id());
            if (seen == null || !TERMINAL.contains(seen.path("status").asText())) {
                JsonNode now = load.read(prediction);
                if (now != null) {
                    lastSeen.put(prediction.id(), now);
                }
                if (now == null || !TERMINAL.contains(now.path("status").asText())) {
                    return false;
                }
            }
        }
        Map<String, List<String>> ledger = ledger(all.stream().map(Load.Accepted::id).toList());
        return all.stream().allMatch(p -> {
            List<String> kinds = ledger.getOrDefault(p.id(), List.of());
            return kinds.contains("reject") || kinds.contains("confirm") || kinds.contains("refund");
        });
    }

    /**
     * Submissions that the gateway took although their caller never got the 202 (a crash between the two, a client
     * that gave up): found in the durable record by their prompt. They must end settled like any other.
     */
    private List<Load.Accepted> acceptedWithoutAnswer(Set<String> answered) throws SQLException {
        List<Load.Accepted> silent = new ArrayList<>();
        try (var connection = DriverManager.getConnection(Stack.jdbcUrl("kiln_gateway"), "kiln", "kiln");
             var query = connection.prepareStatement(
                     "select id, input->>'prompt' from predictions where input->>'prompt' like ?")) {
            query.setString(1, load.prompt(0).replace("#0", "#") + "%");
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    String prompt = rows.getString(2);
                    int number = Integer.parseInt(prompt.substring(prompt.lastIndexOf('#') + 1));
                    Load.Planned planned = load.planned.get(number);
                    if (!answered.contains(rows.getString(1)) && planned != null) {
                        silent.add(new Load.Accepted(rows.getString(1), planned.client(), planned.mode(), null));
                    }
                }
            }
        }
        return silent;
    }

    void check() throws Exception {
        Map<String, Load.Accepted> byId = load.accepted.stream()
                .collect(Collectors.toMap(Load.Accepted::id, p -> p, (a, b) -> a, LinkedHashMap::new));
        List<Load.Accepted> silent = acceptedWithoutAnswer(byId.keySet());
        counts.put("accepted without a 202 reaching the caller", (long) silent.size());
        silent.forEach(p -> byId.put(p.id(), p));
        Map<String, JsonNode> api = new LinkedHashMap<>();
        for (Load.Accepted prediction : byId.values()) {
            JsonNode now = load.read(prediction);
            api.put(prediction.id(), now != null ? now : lastSeen.get(prediction.id()));
        }
        counts.put("accepted (202)", (long) load.accepted.size());
        for (String status : List.of("succeeded", "failed", "canceled", "aborted")) {
            counts.put(status, api.values().stream().filter(p -> p != null && status.equals(p.path("status").asText()))
                    .count());
        }
        counts.put("not terminal", api.values().stream()
                .filter(p -> p == null || !TERMINAL.contains(p.path("status").asText())).count());

        checkTerminalAndStatusStore(api);
        checkSettlements(byId, api);
        checkBalances();
        Map<String, List<ProviderJobs.Job>> jobs = ProviderJobs.of(byId.keySet());
        checkProviderRuns(api, jobs);
        checkImages(api, jobs);
        checkDeadLetters();
        countWebhookRecoveries(api, jobs);
    }

    /** Every accepted prediction is terminal, and the status store and the durable record say the same. */
    private void checkTerminalAndStatusStore(Map<String, JsonNode> api) throws SQLException, IOException {
        Map<String, String> durable = new TreeMap<>();
        try (var connection = DriverManager.getConnection(Stack.jdbcUrl("kiln_gateway"), "kiln", "kiln");
             var query = connection.prepareStatement("select id, status from predictions where id = any (?)")) {
            query.setArray(1, connection.createArrayOf("text", api.keySet().toArray()));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    durable.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        try (Socket redis = new Socket("127.0.0.1", Stack.redisPort())) {
            redis.setSoTimeout(5000);
            for (Map.Entry<String, JsonNode> entry : api.entrySet()) {
                String id = entry.getKey();
                String status = entry.getValue() == null ? null : entry.getValue().path("status").asText();
                if (status == null) {
                    violation("terminal", id, "the gateway never answered GET /v1/predictions/" + id);
                    continue;
                }
                if (!TERMINAL.contains(status)) {
                    violation("terminal", id, "still " + status + " at the gateway");
                }
                String stored = durable.get(id);
                if (!status.equals(stored)) {
                    violation("status-store", id, "the API says " + status + ", the durable record (kiln_gateway"
                            + ".predictions) " + stored);
                }
                String body = hget(redis, "kiln:prediction:" + id, "body");
                String cached = body == null ? null : JSON.readTree(body).path("status").asText();
                if (cached != null && !status.equals(cached)) {
                    violation("status-store", id, "the API says " + status + ", Redis (kiln:prediction:" + id + ") "
                            + cached);
                }
            }
        }
    }

    /** Every reservation settled exactly once, as the status says: confirmed if it succeeded, refunded otherwise. */
    private void checkSettlements(Map<String, Load.Accepted> byId, Map<String, JsonNode> api) throws SQLException {
        Map<String, List<String>> ledger = ledger(byId.keySet());
        long refunded = 0;
        long confirmed = 0;
        for (String id : byId.keySet()) {
            List<String> kinds = ledger.getOrDefault(id, List.of());
            long reserves = kinds.stream().filter("reserve"::equals).count();
            long rejects = kinds.stream().filter("reject"::equals).count();
            long confirms = kinds.stream().filter("confirm"::equals).count();
            long refunds = kinds.stream().filter("refund"::equals).count();
            refunded += refunds;
            confirmed += confirms;
            String status = api.get(id) == null ? "unknown" : api.get(id).path("status").asText();
            if (reserves + rejects != 1) {
                violation("settled-once", id, "ledger " + kinds + ": an accepted prediction has one reservation "
                        + "(or one rejection)");
                continue;
            }
            if (rejects == 1) {
                if (!kinds.equals(List.of("reject")) || "succeeded".equals(status)) {
                    violation("settled-once", id, "rejected for credits, yet ledger " + kinds + " and status " + status);
                }
                continue;
            }
            if (confirms + refunds != 1) {
                violation("settled-once", id, "ledger " + kinds + " for a " + status + " prediction: "
                        + (confirms + refunds == 0 ? "the reservation was never settled" : "settled twice"));
                continue;
            }
            String expected = "succeeded".equals(status) ? "confirm" : "refund";
            if (TERMINAL.contains(status) && !kinds.contains(expected)) {
                violation("settled-once", id, "a " + status + " prediction's reservation was "
                        + (confirms == 1 ? "confirmed (charged)" : "refunded") + ", expected " + expected);
            }
            Set<String> published = kafka.eventsFor(id).stream()
                    .filter(e -> e.topic().equals("credits.settlements")).map(KafkaProbe.Event::type)
                    .collect(Collectors.toSet());
            String recorded = confirms == 1 ? "credits.confirmed" : "credits.refunded";
            if (!published.isEmpty() && !published.equals(Set.of(recorded))) {
                violation("settled-once", id, "credits.settlements carried " + published + " for a ledger that says "
                        + recorded);
            }
        }
        counts.put("refunded", refunded);
        counts.put("confirmed (charged)", confirmed);
    }

    /** Each signed-in user's balance is their grants less their confirmed charges, nothing left reserved. */
    private void checkBalances() throws SQLException {
        Map<String, long[]> sums = new TreeMap<>();   // user -> {grants, confirms, available, reserved}
        List<String> users = load.users().stream().map(Load.Client::owner).toList();
        try (var connection = DriverManager.getConnection(Stack.jdbcUrl("kiln_credits"), "kiln", "kiln")) {
            try (var query = connection.prepareStatement("select user_id, kind, sum(amount) from ledger_entries "
                    + "where user_id = any (?) group by user_id, kind")) {
                query.setArray(1, connection.createArrayOf("text", users.toArray()));
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        long[] sum = sums.computeIfAbsent(rows.getString(1), u -> new long[4]);
                        switch (rows.getString(2)) {
                            case "grant" -> sum[0] += rows.getLong(3);
                            case "confirm" -> sum[1] += rows.getLong(3);
                            default -> { }
                        }
                    }
                }
            }
            try (var query = connection.prepareStatement(
                    "select user_id, available, reserved from accounts where user_id = any (?)")) {
                query.setArray(1, connection.createArrayOf("text", users.toArray()));
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        long[] sum = sums.computeIfAbsent(rows.getString(1), u -> new long[4]);
                        sum[2] = rows.getLong(2);
                        sum[3] = rows.getLong(3);
                    }
                }
            }
        }
        for (Load.Client user : load.users()) {
            long[] sum = sums.getOrDefault(user.owner(), new long[4]);
            if (sum[2] != sum[0] - sum[1] || sum[3] != 0) {
                violation("balance", "user " + user.owner(), "available " + sum[2] + ", reserved " + sum[3]
                        + "; grants " + sum[0] + " less confirmed charges " + sum[1] + " is " + (sum[0] - sum[1])
                        + " with nothing reserved");
            }
            JsonNode answered = load.balance(user);
            if (answered != null && (answered.path("available").asLong() != sum[2]
                    || answered.path("reserved").asLong() != sum[3])) {
                violation("balance", "user " + user.owner(), "GET /v1/credits/balance says " + answered
                        + ", the accounts table available " + sum[2] + " reserved " + sum[3]);
            }
        }
    }

    /**
     * No prediction ran twice at the provider: of its jobs there, all but one were canceled; and a canceled or
     * failed prediction leaves no job of its own running.
     */
    private void checkProviderRuns(Map<String, JsonNode> api, Map<String, List<ProviderJobs.Job>> jobs) {
        long extraJobs = 0;
        for (Map.Entry<String, JsonNode> entry : api.entrySet()) {
            String id = entry.getKey();
            List<ProviderJobs.Job> ofPrediction = jobs.getOrDefault(id, List.of());
            extraJobs += Math.max(0, ofPrediction.size() - 1);
            List<ProviderJobs.Job> ran = ofPrediction.stream().filter(job -> !"canceled".equals(job.status())).toList();
            if (ran.size() > 1) {
                violation("provider-once", id, ran.size() + " jobs ran at the provider, none of the extra ones "
                        + "canceled: " + ran.stream().map(job -> job.providerId() + " " + job.status()).toList());
            }
            String status = entry.getValue() == null ? "unknown" : entry.getValue().path("status").asText();
            if (TERMINAL.contains(status) && !"succeeded".equals(status)) {
                ran.stream().filter(job -> Set.of("starting", "processing").contains(job.status())).forEach(job ->
                        violation("provider-once", id, "the prediction is " + status + " but its provider job "
                                + job.providerId() + " is still " + job.status()));
            }
        }
        counts.put("extra provider jobs (canceled or not)", extraJobs);
    }

    /** Every succeeded prediction's images are in the bucket, with the sha256 that storage recorded and the provider sent. */
    private void checkImages(Map<String, JsonNode> api, Map<String, List<ProviderJobs.Job>> jobs) throws Exception {
        Map<String, String> recorded = new TreeMap<>();   // "id/index" -> sha256
        try (var connection = DriverManager.getConnection(Stack.jdbcUrl("kiln_storage"), "kiln", "kiln");
             var query = connection.prepareStatement(
                     "select prediction_id, output_index, sha256 from stored_objects where prediction_id = any (?)")) {
            query.setArray(1, connection.createArrayOf("text", api.keySet().toArray()));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    recorded.put(rows.getString(1) + "/" + rows.getInt(2), rows.getString(3));
                }
            }
        }
        String bucket = Stack.s3Endpoint() + "/kiln-outputs/";
        long images = 0;
        for (Map.Entry<String, JsonNode> entry : api.entrySet()) {
            String id = entry.getKey();
            if (entry.getValue() == null || !"succeeded".equals(entry.getValue().path("status").asText())) {
                continue;
            }
            JsonNode output = entry.getValue().path("output");
            if (!output.isArray() || output.isEmpty()) {
                violation("images", id, "succeeded without output");
                continue;
            }
            List<String> providerOutput = jobs.getOrDefault(id, List.of()).stream()
                    .filter(job -> "succeeded".equals(job.status())).findFirst().map(ProviderJobs.Job::output)
                    .orElse(List.of());
            for (int index = 0; index < output.size(); index++) {
                String url = output.get(index).asText();
                if (!url.startsWith(bucket)) {
                    violation("images", id, "output " + index + " is not in our bucket: " + url);
                    continue;
                }
                byte[] stored = fetch(url);
                if (stored == null) {
                    violation("images", id, "output " + index + " is missing from the bucket: " + url);
                    continue;
                }
                images++;
                String sha = sha256(stored);
                String storedSha = recorded.get(id + "/" + index);
                if (!sha.equals(storedSha)) {
                    violation("images", id, "output " + index + " has sha256 " + sha + " in the bucket, storage "
                            + "recorded " + storedSha);
                }
                if (index < providerOutput.size()) {
                    byte[] original = fetch(providerOutput.get(index));
                    if (original != null && !sha.equals(sha256(original))) {
                        violation("images", id, "output " + index + " in the bucket (sha256 " + sha + ") is not the "
                                + "provider's image (sha256 " + sha256(original) + ")");
                    }
                }
            }
        }
        counts.put("images checked", images);
    }

    /** Nothing of the run was dead-lettered: no record of it is unreadable, so any .dlq record is a give-up. */
    private void checkDeadLetters() {
        List<KafkaProbe.Event> dead = DLQ_TOPICS.stream()
                .flatMap(topic -> kafka.eventsOfTopic(topic).stream()).toList();
        counts.put("dead-lettered", (long) dead.size());
        for (KafkaProbe.Event record : dead) {
            violation("dead-lettered", record.key(), record.topic() + " " + record.type() + ": "
                    + record.headers().entrySet().stream().filter(h -> h.getKey().startsWith("dead-letter"))
                    .map(h -> h.getKey() + "=" + h.getValue()).collect(Collectors.joining(", ")));
        }
    }

    /**
     * How many terminal predictions got their outcome although the provider's completed webhook never arrived
     * (dropped, or every attempt failed): recovered by polling. And how many duplicated completed webhooks were
     * delivered but not passed on as a second prediction.completed.
     */
    private void countWebhookRecoveries(Map<String, JsonNode> api, Map<String, List<ProviderJobs.Job>> jobs) {
        long recovered = 0;
        long duplicatesDelivered = 0;
        long duplicatesPassed = 0;
        for (Map.Entry<String, JsonNode> entry : api.entrySet()) {
            String id = entry.getKey();
            String status = entry.getValue() == null ? "unknown" : entry.getValue().path("status").asText();
            List<ProviderJobs.Job> ofPrediction = jobs.getOrDefault(id, List.of());
            boolean anyCompletedDelivered = false;
            long duplicates = 0;
            for (ProviderJobs.Job job : ofPrediction) {
                for (ProviderJobs.Delivery delivery : ProviderJobs.deliveries(job.providerId())) {
                    if ("completed".equals(delivery.event()) && "delivered".equals(delivery.outcome())) {
                        anyCompletedDelivered = true;
                        if (delivery.copy() == 2) {
                            duplicates++;
                        }
                    }
                }
            }
            if (!ofPrediction.isEmpty() && !anyCompletedDelivered && TERMINAL.contains(status)
                    && !"canceled".equals(status)) {
                recovered++;
            }
            duplicatesDelivered += duplicates;
            long completed = kafka.eventsFor(id).stream().filter(e -> e.topic().equals("prediction.completed")).count();
            duplicatesPassed += Math.min(duplicates, Math.max(0, completed - 1));
        }
        counts.put("recovered by polling (no completed webhook arrived)", recovered);
        counts.put("duplicate completed webhooks delivered", duplicatesDelivered);
        counts.put("duplicates dropped", duplicatesDelivered - duplicatesPassed);
    }

    /** Ledger kinds by prediction, in order, for the run's predictions. */
    private Map<String, List<String>> ledger(java.util.Collection<String> ids) throws SQLException {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        try (var connection = DriverManager.getConnection(Stack.jdbcUrl("kiln_credits"), "kiln", "kiln");
             var query = connection.prepareStatement(
                     "select prediction_id, kind from ledger_entries where prediction_id = any (?) order by id")) {
            query.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    kinds.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        return kinds;
    }

    private byte[] fetch(String url) throws InterruptedException {
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return answer.statusCode() == 200 ? answer.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String hget(Socket redis, String key, String field) throws IOException {
        String[] command = {"HGET", key, field};
        StringBuilder request = new StringBuilder("*3\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
                    .append("\r\n");
        }
        redis.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
        InputStream in = redis.getInputStream();
        String header = Outages.RedisReader.line(in);
        if (!header.startsWith("$")) {
            throw new IOException("Redis answered HGET with " + header);
        }
        int length = Integer.parseInt(header.substring(1));
        if (length < 0) {
            return null;
        }
        byte[] value = in.readNBytes(length + 2);
        return new String(value, 0, length, StandardCharsets.UTF_8);
    }

    private void violation(String invariant, String subject, String detail) {
        violations.add(new Violation(invariant, subject, detail));
    }
}
