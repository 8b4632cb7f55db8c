package dev.kiln.webhook.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import com.standardwebhooks.Webhook;

import dev.kiln.webhook.WebhookConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The Standard Webhooks verifiers of each provider: one per configured secret (two while a secret is being rotated),
 * or one from the secret that the provider's API hands out, fetched once at startup. A provider that is not up yet does not stop this service: the fetch goes on
 * in the background, and its webhooks are answered 503 (so it calls again) until the secret is known.
 */
@ApplicationScoped
public class SigningSecrets {

    private static final Logger LOG = Logger.getLogger(SigningSecrets.class);

    private final WebhookConfig config;
    private final Map<String, List<Webhook>> verifiers = new ConcurrentHashMap<>();
    private final Map<String, SecretClient> clients = new ConcurrentHashMap<>();

    SigningSecrets(WebhookConfig config) {
        this.config = config;
    }

    void load(@Observes StartupEvent started) {
        List<CompletableFuture<Void>> fetches = new ArrayList<>();
        config.providers().forEach((provider, settings) -> {
            List<String> configured = settings.secrets().orElse(List.of()).stream()
                    .filter(secret -> !secret.isBlank()).toList();
            if (!configured.isEmpty()) {
                String key = "kiln.webhook.providers." + provider + ".secrets";
                verifiers.put(provider, configured.stream().map(secret -> verifier(secret, key)).toList());
            } else {
                fetches.add(fetch(provider, settings)
                        .invoke(verifier -> {
                            verifiers.put(provider, List.of(verifier));
                            LOG.infof("Webhook secret of provider %s fetched from %s", provider, source(settings));
                        })
                        .replaceWithVoid()
                        .subscribeAsCompletionStage());
            }
        });
        awaitAtStartup(fetches);
    }

    /** The verifiers of a configured provider, one per secret, once its secret is known. */
    public Optional<List<Webhook>> verifiers(String provider) {
        return Optional.ofNullable(verifiers.get(provider));
    }

    /** The configured providers whose secret is not known yet. */
    public Set<String> missing() {
        Set<String> missing = new TreeSet<>(config.providers().keySet());
        missing.removeAll(verifiers.keySet());
        return missing;
    }

    /**
     * One provider's verifier, from the secret its API hands out. Retried with backoff until it arrives, however long
     * the provider takes to come up (the numbers are in application.properties). Not private: that is what lets the
     * call from {@link #load} go through the retry interceptor.
     */
    @Retry
    @ExponentialBackoff
    Uni<Webhook> fetch(String provider, WebhookConfig.Provider settings) {
        SecretClient client = clients.computeIfAbsent(provider, name -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.apiUrl())
                .connectTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(SecretClient.class));
        String source = source(settings);
        return client.fetch("Bearer " + settings.apiToken())
                .map(secret -> verifier(secret == null ? null : secret.key(), source))
                .onFailure().invoke(failure -> LOG.warnf("Webhook secret of provider %s not fetched from %s yet: %s",
                        provider, source, failure.getMessage()));
    }

    private static String source(WebhookConfig.Provider settings) {
        return settings.apiUrl() + "/v1/webhooks/default/secret";
    }

    private void awaitAtStartup(List<CompletableFuture<Void>> fetches) {
        if (fetches.isEmpty()) {
            return;
        }
        Duration wait = config.secrets().startupWait();
        try {
            CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Webhook secrets of %s still unknown after %d ms; their webhooks get 503 until they arrive",
                    missing(), wait.toMillis());
        } catch (ExecutionException e) {
            LOG.error("Fetching webhook secrets failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Webhook verifier(String secret, String source) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("No webhook secret in " + source);
        }
        try {
            return new Webhook(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The webhook secret from " + source
                    + " is not a Standard Webhooks secret (whsec_ followed by base64)", e);
        }
    }
}
