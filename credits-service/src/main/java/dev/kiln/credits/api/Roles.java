package dev.kiln.credits.api;

/** The realm roles of Kiln's identity provider that this service checks (docs/credits-service.md). */
final class Roles {

    /** A signed-in user: sees their own balance and ledger. */
    static final String USER = "user";
    /** An operator: sees any account and grants credits. */
    static final String ADMIN = "admin";

    private Roles() {
    }
}
