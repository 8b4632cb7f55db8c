import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The pipeline's own latency: from a submit to its status {@code succeeded} with the stored image (the gateway says
 * succeeded only after prediction.stored, and the output must then be our bucket's URL, not the provider's), with
 * IN_FLIGHT predictions always under way, PREDICTIONS in all. WAIT is {@code wait}: each submit carries
 * {@code Prefer: wait=60} and the gateway answers it when the prediction ends (201), as a client would wait, so that
 * the figure is not late by a polling interval and the bench adds no polling load of its own; or a number of
 * milliseconds: the prediction is polled that often (what the bench did first: 100 clients polling every 10 ms are
 * up to 10,000 GETs a second on the gateway). Prints one line for bench/run.sh:
 * {@code BENCH-PIPELINE p50_ms=.. p99_ms=.. ...}.
 *
 * <pre>java Pipeline.java GATEWAY_URL PREDICTIONS IN_FLIGHT WAIT ANONYMOUS_ADDRESS PROVIDER_URL</pre>
 */
public class Pipeline {

    private static final String BODY = "{\"task\":\"jersey\",\"mode\":\"speed\",\"input\":{\"prompt\":\"A bold home kit\","
            + "\"team_name\":\"Kiln FC\",\"player_name\":\"Ada\",\"number\":\"10\",\"style\":\"modern\"}}";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern OUTPUT = Pattern.compile("\"output\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
    private static final List<String> TERMINAL = List.of("succeeded", "failed", "canceled", "aborted");
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        int predictions = Integer.parseInt(args[1]);
        int inFlight = Integer.parseInt(args[2]);
        long pollMillis = args[3].equals("wait") ? 0 : Long.parseLong(args[3]);
        String address = args[4];
        String provider = args[5];
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4)).build();
        AtomicInteger started = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(inFlight);
        List<Future<?>> running = new ArrayList<>();
        long begun = System.nanoTime();
        for (int c = 0; c < inFlight; c++) {
            running.add(clients.submit(() -> {
                while (started.incrementAndGet() <= predictions) {
                    try {
                        one(http, gateway, address, provider, pollMillis, latencies, failures);
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        double seconds = (System.nanoTime() - begun) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        failures.stream().distinct().limit(5).forEach(failure -> System.err.println("pipeline: " + failure));
        System.out.printf("BENCH-PIPELINE predictions=%d succeeded=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f "
                        + "per_second=%.1f poll_ms=%d%n", predictions, sorted.size(), failures.size(),
                percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100), sorted.size() / seconds,
                pollMillis);
        System.exit(0);
    }

    private static void one(HttpClient http, String gateway, String address, String provider, long pollMillis,
            List<Long> latencies, List<String> failures) throws Exception {
        long submitted = System.nanoTime();
        var submit = HttpRequest.newBuilder(URI.create(gateway + "/v1/predictions"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (pollMillis == 0) {
            submit.header("Prefer", "wait=60");
        }
        HttpResponse<String> answer = http.send(submit.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202 && answer.statusCode() != 201) {
            failures.add("submit answered " + answer.statusCode() + ": " + answer.body());
            return;
        }
        String id = first(ID, answer.body());
        HttpRequest get = HttpRequest.newBuilder(URI.create(gateway + "/v1/predictions/" + id))
                .header("X-Forwarded-For", address).build();
        String status = answer.body();
        while (System.nanoTime() - submitted < GIVE_UP.toNanos()) {
            if (pollMillis > 0 || !TERMINAL.contains(first(STATUS, status))) {
                // Polled, or (Prefer: wait) not ended within the wait: read it again.
                Thread.sleep(Math.max(pollMillis, 10));
                status = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
            }
            String state = first(STATUS, status);
            if (!TERMINAL.contains(state)) {
                continue;
            }
            String output = first(OUTPUT, status);
            if (state.equals("succeeded") && output != null && !output.startsWith(provider)) {
                latencies.add((System.nanoTime() - submitted) / 1_000_000);
            } else {
                failures.add(id + " ended " + state + " with output " + output);
            }
            return;
        }
        failures.add(id + " not finished after " + GIVE_UP);
    }

    private static String first(Pattern pattern, String json) {
        var match = pattern.matcher(json);
        return match.find() ? match.group(1) : null;
    }

    private static double percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
