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
 * IN_FLIGHT predictions always under way, PREDICTIONS in all. Each is polled every POLL_MS, so a figure is up to
 * that much late. Prints one line for bench/run.sh: {@code BENCH-PIPELINE p50_ms=.. p99_ms=.. ...}.
 *
 * <pre>java Pipeline.java GATEWAY_URL PREDICTIONS IN_FLIGHT POLL_MS ANONYMOUS_ADDRESS PROVIDER_URL</pre>
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
        long pollMillis = Long.parseLong(args[3]);
        String address = args[4];
        String provider = args[5];
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
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
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/predictions"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            failures.add("submit answered " + answer.statusCode() + ": " + answer.body());
            return;
        }
        String id = first(ID, answer.body());
        HttpRequest get = HttpRequest.newBuilder(URI.create(gateway + "/v1/predictions/" + id))
                .header("X-Forwarded-For", address).build();
        while (System.nanoTime() - submitted < GIVE_UP.toNanos()) {
            Thread.sleep(pollMillis);
            String status = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
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
