package dev.kiln.credits;

import java.util.List;
import java.util.Map;

/**
 * A user's ledger as the operator reads it, one line per entry, newest first: {@code "kind amount
 * available/reserved"}, the balances being those right after the entry. A test compares the whole list, so that
 * a wrong amount fails as surely as a missing entry.
 */
final class Ledgers {

    private Ledgers() {
    }

    static List<String> of(String userId) {
        List<Map<String, Object>> entries = Operator.given().queryParam("limit", 100)
                .get("/v1/credits/accounts/{user}/ledger", userId)
                .then().statusCode(200).extract().path("entries");
        return entries.stream().map(entry -> entry.get("kind") + " " + entry.get("amount") + " "
                + entry.get("available_after") + "/" + entry.get("reserved_after")).toList();
    }
}
