package dev.kiln.storage.fetch;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body in memory, hashing it as it arrives, and gives up the moment it grows past the cap: a
 * Content-Length header is only a hint for sizing the buffer, never a promise that the body keeps.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Content> {

    /** The body: the first {@code length} bytes of {@code bytes}, and their SHA-256 in lowercase hex. */
    record Content(byte[] bytes, int length, String sha256) {
    }

    /** The body (or its declared length) went past the cap. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("body exceeds the size cap", null);
        }
    }

    private static final int UNKNOWN_LENGTH_BUFFER = 256 * 1024;

    private final long maxBytes;
    private final long declaredLength;
    private final MessageDigest digest;
    private final CompletableFuture<Content> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] buffer;
    private int length;

    CappedBody(long maxBytes, long declaredLength) {
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredLength > maxBytes) {
            fail(new TooLarge());
            return;
        }
        long initial = declaredLength > 0 ? declaredLength : Math.min(maxBytes, UNKNOWN_LENGTH_BUFFER);
        buffer = new byte[(int) Math.max(initial, 1)];
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int count = item.remaining();
            if (length + (long) count > maxBytes) {
                fail(new TooLarge());
                return;
            }
            ensureCapacity(length + count);
            item.get(buffer, length, count);
            digest.update(buffer, length, count);
            length += count;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(new Content(buffer, length, HexFormat.of().formatHex(digest.digest())));
    }

    @Override
    public CompletionStage<Content> getBody() {
        return result;
    }

    private void fail(IOException failure) {
        subscription.cancel();
        buffer = null;
        result.completeExceptionally(failure);
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            long grown = Math.min(maxBytes, Math.max(needed, 2L * buffer.length));
            byte[] larger = new byte[(int) grown];
            System.arraycopy(buffer, 0, larger, 0, length);
            buffer = larger;
        }
    }
}
