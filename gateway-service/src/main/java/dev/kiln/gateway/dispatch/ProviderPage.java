package dev.kiln.gateway.dispatch;

import java.net.URI;
import java.util.List;

/** A page of the provider's prediction list: newest first, {@code next} the full URL of the older page, or null. */
public record ProviderPage(List<ProviderPrediction> results, String next) {

    /** The cursor of the next page, read from its URL; null on the last page. */
    public String nextCursor() {
        if (next == null || next.isBlank()) {
            return null;
        }
        String query = URI.create(next).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("cursor=")) {
                return java.net.URLDecoder.decode(parameter.substring(7), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
