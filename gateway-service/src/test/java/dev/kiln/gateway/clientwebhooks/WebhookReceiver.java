package dev.kiln.gateway.clientwebhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A caller's webhook endpoint for tests (the JDK's own HTTP server on a free port of 127.0.0.1): records every
 * request with its raw body and headers, and answers each URL with the statuses scripted for it, then 204.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A fresh URL of this receiver; its first answers are the given statuses, 204 afterwards. */
    String url(Integer... firstStatuses) {
        String path = "/hooks/" + UUID.randomUUID();
        scripted.put(path, new ArrayDeque<>(List.of(firstStatuses)));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path + "?source=kiln";
    }

    /** What arrived at that URL, in arrival order. */
    List<Received> at(String url) {
        String path = url.substring(url.indexOf("/hooks/"), url.indexOf('?'));
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), new String(body.readAllBytes(), StandardCharsets.UTF_8),
                    Instant.now()));
            Deque<Integer> statuses = scripted.get(path);
            Integer status = statuses == null ? null : statuses.pollFirst();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    record Received(String path, String query, Map<String, List<String>> headers, String body, Instant at) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** Verifies the delivery as a receiver must: Standard Webhooks signature over the raw body, timestamp. */
        Received verifiedWith(String secret) {
            try {
                new Webhook(secret).verify(body, headers);
            } catch (WebhookVerificationException e) {
                throw new AssertionError("The delivery " + header("webhook-id") + " does not verify: " + e.getMessage(),
                        e);
            }
            return this;
        }

        String status() {
            try {
                JsonNode prediction = JSON.readTree(body);
                return prediction.path("status").asText();
            } catch (IOException e) {
                throw new AssertionError("Not a prediction object: " + body, e);
            }
        }
    }
}
