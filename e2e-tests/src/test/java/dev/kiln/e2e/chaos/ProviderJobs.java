package dev.kiln.e2e.chaos;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kiln.e2e.Simulator;

/**
 * The provider's side, from the simulator's own list of predictions (GET /v1/predictions, newest first): every
 * job it ran for one of ours, recognised by the webhook URL the gateway gave it (…?prediction_id=ID&attempt=N), and
 * the delivery log of each job's webhooks (/_sim/predictions/{id}/deliveries).
 */
final class ProviderJobs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OURS = Pattern.compile("[?&]prediction_id=([a-z0-9]+)");

    record Job(String providerId, String predictionId, String status, List<String> output) {
    }

    record Delivery(String event, int copy, String outcome) {
    }

    private ProviderJobs() {
    }

    /** The simulator's jobs for these predictions, by our prediction id. */
    static Map<String, List<Job>> of(Set<String> predictionIds) {
        Map<String, List<Job>> jobs = new HashMap<>();
        String next = "/v1/predictions";
        // Newest first: the pages of older runs come last, so a page with none of ours after some of ours ends it.
        boolean seenOurs = false;
        int pages = 0;
        while (next != null && pages++ < 200) {
            JsonNode page = readJson(Simulator.authorized().urlEncodingEnabled(false).when().get(next).then().statusCode(200).extract().asString());
            boolean oursOnPage = false;
            for (JsonNode job : page.path("results")) {
                Matcher ours = OURS.matcher(job.path("webhook").asText(""));
                if (ours.find() && predictionIds.contains(ours.group(1))) {
                    oursOnPage = true;
                    List<String> output = new ArrayList<>();
                    job.path("output").forEach(url -> output.add(url.asText()));
                    jobs.computeIfAbsent(ours.group(1), id -> new ArrayList<>())
                            .add(new Job(job.path("id").asText(), ours.group(1), job.path("status").asText(), output));
                }
            }
            if (seenOurs && !oursOnPage) {
                break;
            }
            seenOurs |= oursOnPage;
            String url = page.path("next").isTextual() ? page.path("next").asText() : null;
            next = url == null ? null : pathOf(url);
        }
        return jobs;
    }

    static List<Delivery> deliveries(String providerId) {
        JsonNode log = readJson(Simulator.authorized().when().get("/_sim/predictions/" + providerId + "/deliveries")
                .then().extract().asString());
        List<Delivery> deliveries = new ArrayList<>();
        for (JsonNode delivery : log) {
            deliveries.add(new Delivery(delivery.path("event").asText(), delivery.path("copy").asInt(1),
                    delivery.path("outcome").asText()));
        }
        return deliveries;
    }

    private static String pathOf(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the simulator answered something that is not JSON: " + body, e);
        }
    }
}
