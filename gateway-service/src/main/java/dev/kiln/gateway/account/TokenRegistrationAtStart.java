package dev.kiln.gateway.account;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Fills the Redis registry from PostgreSQL when the gateway starts: a Redis that lost its data (a restart without
 * persistence, a failover to an empty replica) gets every live token back with the next gateway start or rollout.
 * Registering is idempotent (HSET of the same fields), so every replica may do it. Misses are not looked up in
 * PostgreSQL instead: credits-service authenticates the same tokens and has no access to the gateway's database,
 * and a miss path to the database would let any stranger's random kiln_ token cost a query.
 */
@ApplicationScoped
class TokenRegistrationAtStart {

    private static final Logger LOG = Logger.getLogger(TokenRegistrationAtStart.class);

    void registerLiveTokens(@Observes StartupEvent start, AccountTokens tokens) {
        LOG.infof("Registered %d live API tokens in Redis", tokens.registerAll());
    }
}
