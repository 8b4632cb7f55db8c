package dev.kiln.gateway.clientwebhooks;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Each user's webhook signing secret ({@code whsec_} and 32 random bytes in base64, as Standard Webhooks has it),
 * created on first use and then the same for every delivery: GET /v1/webhooks/default/secret shows it, as
 * Replicate's does. Blocking.
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager entities;

    WebhookSecrets(EntityManager entities) {
        this.entities = entities;
    }

    /** The owner's secret, created now if they have none; two replicas creating one at once agree on the first. */
    @Transactional
    public String of(String owner) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        entities.createNativeQuery("insert into webhook_secrets (owner, secret) values (?1, ?2)"
                + " on conflict (owner) do nothing")
                .setParameter(1, owner).setParameter(2, "whsec_" + Base64.getEncoder().encodeToString(key))
                .executeUpdate();
        return (String) entities.createNativeQuery("select secret from webhook_secrets where owner = ?1")
                .setParameter(1, owner).getSingleResult();
    }
}
