package dev.kiln.gateway.account;

import java.time.Instant;

/** The answer to a token's creation: the only time the token itself is shown. */
public record CreatedApiToken(String id, String name, String token, String tokenHint, Instant createdAt) {
}
