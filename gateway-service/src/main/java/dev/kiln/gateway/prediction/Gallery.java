package dev.kiln.gateway.prediction;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A user's predictions, newest first, a page at a time, from the durable records (index predictions_by_owner). A
 * prediction shows here once its prediction.requested record is written, a moment after the 202. Keyset paging:
 * the cursor is the position of the last prediction shown, so pages stay right while new predictions arrive.
 * Blocking: call it from worker threads.
 */
@ApplicationScoped
public class Gallery {

    /** Where a page ends: the creation time and id of its last prediction. Opaque to clients. */
    public record Cursor(Instant createdAt, String id) {

        public String encode() {
            String position = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException if the text is no cursor this gallery gave out */
        public static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8)
                        .split("\\.", 3);
                if (parts.length != 3 || !PredictionIds.isWellFormed(parts[2])) {
                    throw new IllegalArgumentException("not a cursor");
                }
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        parts[2]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a cursor", e);
            }
        }
    }

    public record PageOfPredictions(List<Prediction> predictions, Optional<Cursor> next) {
    }

    /** Up to {@code size} of the owner's predictions that come after {@code after} (from the newest if null). */
    public PageOfPredictions page(String owner, Cursor after, int size) {
        List<Prediction> found = QuarkusTransaction.requiringNew().call(() -> (after == null
                ? PredictionRecord.<PredictionRecord>find("owner = ?1 order by createdAt desc, id desc", owner)
                : PredictionRecord.<PredictionRecord>find("owner = ?1 and (createdAt < ?2 or (createdAt = ?2 and"
                        + " id < ?3)) order by createdAt desc, id desc", owner, after.createdAt(), after.id()))
                .page(Page.ofSize(size + 1)).list().stream().map(PredictionRecord::toPrediction).toList());
        if (found.size() <= size) {
            return new PageOfPredictions(found, Optional.empty());
        }
        List<Prediction> shown = found.subList(0, size);
        Prediction last = shown.get(size - 1);
        return new PageOfPredictions(shown, Optional.of(new Cursor(last.createdAt(), last.id())));
    }
}
