package dev.kiln.gateway.events;

import java.time.Instant;

/** An event of credits.reservations: credits.reserved, or credits.rejected with its reason. */
public record CreditsReservation(
        String predictionId,
        String userId,
        long amount,
        long available,
        Long reserved,
        String reason,
        Instant occurredAt) {

    public static final String RESERVED = "credits.reserved";
    public static final String REJECTED = "credits.rejected";
}
