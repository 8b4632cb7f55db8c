package dev.kiln.credits.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.credits.ledger.Account;
import dev.kiln.problem.FieldError;
import dev.kiln.problem.ProblemException;

/**
 * The body of {@code POST /v1/admin/credits/grants}, read field by field so that every invalid or unknown field is
 * named in the answer (an unknown field is refused, not ignored: it is most likely a typo of a known one).
 */
record GrantRequest(String userId, long amount, String reason) {

    static final int MAX_USER_ID_LENGTH = 255;
    static final int MAX_REASON_LENGTH = 500;

    private static final Set<String> FIELDS = Set.of("user_id", "amount", "reason");

    /** The request in the body, or an invalid-request problem listing each field that is wrong. */
    static GrantRequest read(JsonNode body, long maxGrant) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid(List.of(new FieldError("", "the body must be a JSON object with user_id, "
                    + "amount and reason")));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field; a grant has user_id, amount and reason"));
            }
        }
        String userId = text(body, "user_id", MAX_USER_ID_LENGTH, errors);
        if (userId != null && Account.isAnonymous(userId)) {
            errors.add(new FieldError("user_id", "an anonymous caller has no credits to grant: its predictions "
                    + "cost nothing"));
        }
        JsonNode amount = body.get("amount");
        if (amount == null || amount.isNull()) {
            errors.add(new FieldError("amount", "is required"));
        } else if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() < 1
                || amount.asLong() > maxGrant) {
            errors.add(new FieldError("amount", "must be a whole number of credits from 1 to " + maxGrant));
        }
        String reason = text(body, "reason", MAX_REASON_LENGTH, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new GrantRequest(userId, amount.asLong(), reason);
    }

    private static String text(JsonNode body, String field, int maxLength, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > maxLength) {
            errors.add(new FieldError(field, "must be a non-blank string of at most " + maxLength + " characters"));
            return null;
        }
        return value.asText();
    }
}
