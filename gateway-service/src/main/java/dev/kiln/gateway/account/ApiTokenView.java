package dev.kiln.gateway.account;

import java.time.Instant;

/**
 * An API token as its owner sees it in a list: never the token, only its first characters to recognise it.
 *
 * @param lastUsedAt to the minute (the registry records at most one use a minute); null if never used
 */
public record ApiTokenView(String id, String name, String tokenHint, Instant createdAt, Instant lastUsedAt) {

    static ApiTokenView of(ApiTokenRecord record) {
        return new ApiTokenView(record.id, record.name, record.hint, record.createdAt, record.lastUsedAt);
    }
}
