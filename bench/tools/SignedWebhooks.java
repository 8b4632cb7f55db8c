import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the webhook deliveries of ./stack bench's ingestion runs, signed as a provider signs them (Standard Webhooks:
 * {@code v1,} base64 HMAC-SHA256 of "id.timestamp.body" with the secret's key), each with a webhook-id of its own.
 * wrk's Lua has no HMAC, so they are signed here beforehand, a file per wrk thread (bench/wrk/webhooks.lua reads them).
 * The bodies are "processing" webhooks of the provider predictions that bench/run.sh recorded as dispatched, so that
 * each one goes the whole way: verified, claimed, routed by its dispatch, published to Kafka.
 *
 * <pre>java SignedWebhooks.java SECRET PROVIDER_ID_PREFIX DISPATCHES DELIVERIES_PER_FILE FILES OUTPUT_PREFIX</pre>
 */
public class SignedWebhooks {

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length != 6) {
            throw new IllegalArgumentException(
                    "usage: SignedWebhooks SECRET PROVIDER_ID_PREFIX DISPATCHES DELIVERIES_PER_FILE FILES OUTPUT_PREFIX");
        }
        String secret = args[0];
        String prefix = args[1];
        int dispatches = Integer.parseInt(args[2]);
        int perFile = Integer.parseInt(args[3]);
        int files = Integer.parseInt(args[4]);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        // Standard Webhooks receivers refuse timestamps more than 5 minutes off: the files are used within minutes.
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        long run = System.nanoTime();
        for (int file = 1; file <= files; file++) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[5] + "-" + file), StandardCharsets.UTF_8))) {
                for (int i = 0; i < perFile; i++) {
                    String providerId = prefix + (i % dispatches);
                    String webhookId = "msg_bench_" + run + "_" + file + "_" + i;
                    String body = "{\"id\":\"" + providerId + "\",\"status\":\"processing\",\"logs\":\"Using seed: " + i
                            + "\\n50%\",\"output\":null,\"error\":null,\"created_at\":\"2026-12-01T10:00:00Z\","
                            + "\"started_at\":\"2026-12-01T10:00:01Z\",\"completed_at\":null,\"metrics\":{}}";
                    byte[] signed = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                    out.println(webhookId + " " + timestamp + " v1," + Base64.getEncoder().encodeToString(signed) + " " + body);
                }
            }
        }
    }
}
