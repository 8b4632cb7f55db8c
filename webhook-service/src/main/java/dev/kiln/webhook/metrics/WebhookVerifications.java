package dev.kiln.webhook.metrics;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import dev.kiln.problem.Problem;
import dev.kiln.webhook.api.Receipt;
import dev.kiln.webhook.api.WebhookResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * {@code kiln_webhook_verifications_total}, by result: every answer to a provider's webhook. A 200's result is its
 * receipt ({@code published}, {@code held}, {@code duplicate}, {@code already_finished}, {@code stray_canceled}, {@code stray_finished}); a refusal's is
 * its problem type ({@code invalid-signature}, {@code malformed-body}, {@code service-unavailable}, ...), a fixed
 * list (docs/errors.md). Read from the answer, so that no path through the intake can forget to count.
 */
@Startup // registers its series at start, so that they are at /q/metrics before the first webhook
@ApplicationScoped
public class WebhookVerifications {

    static final String VERIFICATIONS = "kiln.webhook.verifications";

    private final MeterRegistry registry;

    WebhookVerifications(MeterRegistry registry) {
        this.registry = registry;
        List.of("published", "held", "duplicate", "already_finished", "stray_canceled", "stray_finished", "invalid-signature")
                .forEach(result -> counter(result));
    }

    @ServerResponseFilter
    void count(ContainerRequestContext request, ContainerResponseContext response, SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() != WebhookResource.class) {
            return;
        }
        String result;
        if (response.getEntity() instanceof Receipt receipt) {
            result = receipt.outcome();
        } else if (response.getEntity() instanceof Problem problem && problem.type() != null) {
            result = problem.type().substring(problem.type().lastIndexOf('/') + 1);
        } else {
            result = "status_" + response.getStatus();
        }
        counter(result).increment();
    }

    private Counter counter(String result) {
        return Counter.builder(VERIFICATIONS)
                .description("Webhooks received from the provider, by result: a receipt or a problem type")
                .tags("result", result)
                .register(registry);
    }
}
