package dev.kiln.webhook.verify;

import java.time.Duration;
import java.time.Instant;
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
import dev.kiln.webhook.metrics.ProviderCalls;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The Standard Webhooks verifiers of each provider: one per configured secret (two while a secret is being rotated),
 * or one from the secret that the provider's API hands out, fetched at startup and again when the provider rotates it
 * ({@link #refreshAfterFailure}). A provider that is not up yet does not stop this service: the fetch goes on
 * in the background, and its webhooks are answered 503 (so it calls again) until the secret is known.
 */
@ApplicationScoped
public class SigningSecrets {

    private static final Logger LOG = Logger.getLogger(SigningSecrets.class);

    private final WebhookConfig config;
    private final Map<String, List<Webhook>> verifiers = new ConcurrentHashMap<>();
    /** The fetched secret that signs now, by provider (configured secrets are not refreshed). */
    private final Map<String, String> fetchedSecrets = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshes = new ConcurrentHashMap<>();
    private final Map<String, SecretClient> clients = new ConcurrentHashMap<>();
    private final ProviderCalls calls;

    /** A refresh of one provider's secret: when it began, and whether it found a new secret (memoized). */
    private record Refresh(Instant startedAt, Uni<Boolean> changed) {
    }

    SigningSecrets(WebhookConfig config, ProviderCalls calls) {
        this.config = config;
        this.calls = calls;
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
                        .invoke(secret -> {
                            adopt(provider, secret);
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
     * Hole 10 of issue 8: the provider rotated its secret, and every webhook signed with the new one fails, which a
     * provider does not retry (a 4xx). So a webhook that fails verification has the secret fetched again, at most once
     * per {@code kiln.webhook.secrets.refresh-interval} per provider (a flood of forged webhooks costs one fetch), and
     * deliveries failing meanwhile await that same fetch. A new secret is used beside the one it replaces, which stays
     * valid until the next rotation: webhooks signed before the switch, and the provider's retries of them, still pass
     * (Standard Webhooks verifies against several secrets). Configured secrets ({@code KILN_WEBHOOK_SECRETS}) are
     * rotated by configuration, never fetched.
     *
     * @return whether a secret not known before was found, so that verifying again may pass
     */
    public Uni<Boolean> refreshAfterFailure(String provider) {
        WebhookConfig.Provider settings = config.providers().get(provider);
        if (settings == null || !fetchedSecrets.containsKey(provider)) {
            return Uni.createFrom().item(false);
        }
        Duration interval = config.secrets().refreshInterval();
        Refresh refresh = refreshes.compute(provider, (name, last) -> {
            Instant now = Instant.now();
            if (last != null && last.startedAt().plus(interval).isAfter(now)) {
                return last;
            }
            Uni<Boolean> changed = fetchOnce(provider, settings)
                    .map(secret -> adopt(provider, secret))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("Webhook secret of provider %s not refreshed from %s: %s", provider,
                                source(settings), failure.getMessage());
                        return false;
                    })
                    .memoize().indefinitely();
            return new Refresh(now, changed);
        });
        return refresh.changed();
    }

    /** Makes {@code secret} the one that signs, keeping the one it replaces; false if it is the one already in use. */
    private synchronized boolean adopt(String provider, String secret) {
        String current = fetchedSecrets.get(provider);
        if (secret.equals(current)) {
            return false;
        }
        Webhook verifier = verifier(secret, "the provider's secret endpoint");
        List<Webhook> now = new ArrayList<>();
        now.add(verifier);
        if (current != null) {
            now.add(verifier(current, "the provider's previous secret"));
            LOG.infof("Webhook secret of provider %s rotated: the new one and the previous one are accepted", provider);
        }
        fetchedSecrets.put(provider, secret);
        verifiers.put(provider, List.copyOf(now));
        return true;
    }

    /** One fetch, bounded by the request timeout; the caller decides what a failure means. */
    private Uni<String> fetchOnce(String provider, WebhookConfig.Provider settings) {
        return calls.timed(ProviderCalls.SECRET, () -> client(provider, settings).fetch("Bearer " + settings.apiToken())
                        .ifNoItem().after(settings.requestTimeout()).fail())
                .map(secret -> {
                    String key = secret == null ? null : secret.key();
                    verifier(key, source(settings));
                    return key;
                });
    }

    private SecretClient client(String provider, WebhookConfig.Provider settings) {
        return clients.computeIfAbsent(provider, name -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.apiUrl())
                .connectTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(SecretClient.class));
    }

    /**
     * One provider's secret, as its API hands it out. Retried with backoff until it arrives, however long
     * the provider takes to come up (the numbers are in application.properties). Not private: that is what lets the
     * call from {@link #load} go through the retry interceptor.
     */
    @Retry
    @ExponentialBackoff
    Uni<String> fetch(String provider, WebhookConfig.Provider settings) {
        String source = source(settings);
        return fetchOnce(provider, settings)
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
