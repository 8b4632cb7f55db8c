package dev.kiln.webhook.verify;

import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.standardwebhooks.exceptions.WebhookVerificationException;

/**
 * Standard Webhooks verification with the project's own library: HMAC-SHA256 over "id.timestamp.body", any of the
 * space-separated signatures, constant-time comparison, timestamp within 300 s either way. A provider with two
 * configured secrets (a rotation under way) passes a webhook that either of them verifies.
 */
@ApplicationScoped
public class SignatureCheck {

    private final SigningSecrets secrets;

    SignatureCheck(SigningSecrets secrets) {
        this.secrets = secrets;
    }

    /**
     * @throws UnverifiedWebhookException when the callback does not pass
     * @throws SecretUnavailableException when the provider's secret is not known yet
     */
    public VerifiedWebhook verify(String provider, Map<String, List<String>> headers, byte[] body) {
        var verifiers = secrets.verifiers(provider).orElseThrow(() -> new SecretUnavailableException(provider));
        String payload = strictUtf8(body);
        HttpHeaders httpHeaders;
        try {
            httpHeaders = HttpHeaders.of(headers, (name, value) -> true);
        } catch (IllegalArgumentException e) {
            throw new UnverifiedWebhookException("Malformed headers");
        }
        // Every verifier checks the same timestamp and headers, so the first one's complaint speaks for all.
        WebhookVerificationException first = null;
        for (var verifier : verifiers) {
            try {
                verifier.verify(payload, httpHeaders);
                return new VerifiedWebhook(httpHeaders.firstValue("webhook-id").orElseThrow(), payload);
            } catch (WebhookVerificationException e) {
                first = first == null ? e : first;
            }
        }
        throw new UnverifiedWebhookException(first.getMessage());
    }

    /**
     * The library signs text; decoding strictly makes that text stand for exactly one byte sequence, so the bytes
     * that were signed are the bytes that are read.
     */
    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnverifiedWebhookException("The body is not UTF-8, so its signature cannot match");
        }
    }
}
