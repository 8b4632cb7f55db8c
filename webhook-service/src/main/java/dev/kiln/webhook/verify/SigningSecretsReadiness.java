package dev.kiln.webhook.verify;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while a provider's webhooks cannot be verified for lack of its secret. */
@Readiness
@ApplicationScoped
public class SigningSecretsReadiness implements HealthCheck {

    private final SigningSecrets secrets;

    SigningSecretsReadiness(SigningSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public HealthCheckResponse call() {
        var missing = secrets.missing();
        return HealthCheckResponse.named("Webhook signing secrets")
                .status(missing.isEmpty())
                .withData("missing", String.join(",", missing))
                .build();
    }
}
