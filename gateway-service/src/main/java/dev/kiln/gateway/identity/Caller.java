package dev.kiln.gateway.identity;

import java.util.Set;

/**
 * Who sent a request: a signed-in user (an OIDC access token or an API token) or an anonymous client known only by
 * its address. Everything that decides what a caller may do, or charges, limits or owns for them, reads this.
 *
 * @param userId  the user's id, the token's {@code sub}; null for an anonymous caller
 * @param address the client's address, X-Forwarded-For believed only from trusted proxies (see ClientAddresses)
 * @param roles   the realm roles ({@code user}, {@code admin}); empty for an anonymous caller
 */
public record Caller(String userId, String address, Set<String> roles) {

    public static final String ANONYMOUS_PREFIX = "anonymous:";
    public static final String ADMIN = "admin";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller anonymous(String address) {
        return new Caller(null, address, Set.of());
    }

    public static Caller user(String userId, String address, Set<String> roles) {
        return new Caller(userId, address, roles);
    }

    public boolean isAnonymous() {
        return userId == null;
    }

    /**
     * The id this caller owns predictions under and is charged under: the user id, or {@code anonymous:<address>}
     * (the {@code user_id} of prediction.requested; credits charges anonymous callers nothing).
     */
    public String id() {
        return isAnonymous() ? ANONYMOUS_PREFIX + address : userId;
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /** Whether a prediction owned by {@code owner} is this caller's own. */
    public boolean owns(String owner) {
        return id().equals(owner);
    }
}
