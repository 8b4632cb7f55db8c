package dev.kiln.credits.api;

import dev.kiln.credits.ledger.Account;

/** An account's balances: what the user can spend and what running predictions hold. */
public record AccountView(String userId, long available, long reserved) {

    static AccountView of(Account account) {
        return new AccountView(account.userId(), account.available(), account.reserved());
    }
}
