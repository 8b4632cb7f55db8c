package dev.kiln.apitokens;

import java.time.Instant;
import java.util.Set;

/**
 * What the registry knows of a live API token: whose it is and with which roles it acts.
 *
 * @param lastUsedAt when it last authenticated a request, to the minute; null if never
 */
public record RegisteredToken(String tokenId, String userId, Set<String> roles, Instant lastUsedAt) {

    public RegisteredToken {
        roles = Set.copyOf(roles);
    }
}
