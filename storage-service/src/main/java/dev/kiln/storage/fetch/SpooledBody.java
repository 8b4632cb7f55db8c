package dev.kiln.storage.fetch;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Streams a response body into a temporary file, hashing and counting it as it arrives, and gives up the moment it
 * grows past the cap: the heap holds only the HTTP client's small buffers, whatever the size of the output and
 * whether or not the server announced it (a Content-Length is only checked against the cap, never trusted).
 * The first bytes are kept aside to recognise the image type. The caller owns the file of a completed body; a
 * failed or discarded one is deleted here.
 */
final class SpooledBody implements HttpResponse.BodySubscriber<SpooledBody.Content> {

    /** The body: {@code length} bytes in {@code file}, its first bytes, and its SHA-256 in lowercase hex. */
    record Content(Path file, long length, byte[] head, String sha256) {
    }

    /** The body (or its declared length) went past the cap. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("body exceeds the size cap", null);
        }
    }

    /** Enough for every signature that {@link ImageType} looks for. */
    private static final int HEAD_BYTES = 16;

    private final long maxBytes;
    private final long declaredLength;
    private final MessageDigest digest;
    private final CompletableFuture<Content> result = new CompletableFuture<>();
    private final byte[] head = new byte[HEAD_BYTES];
    private Flow.Subscription subscription;
    private Path file;
    private FileChannel channel;
    private long length;

    SpooledBody(long maxBytes, long declaredLength) {
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredLength > maxBytes) {
            fail(new TooLarge());
            return;
        }
        try {
            file = Files.createTempFile("kiln-output-", ".part");
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            fail(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        try {
            for (ByteBuffer item : items) {
                int count = item.remaining();
                if (length + count > maxBytes) {
                    fail(new TooLarge());
                    return;
                }
                if (length < HEAD_BYTES) {
                    item.duplicate().get(head, (int) length, (int) Math.min(count, HEAD_BYTES - length));
                }
                digest.update(item.duplicate());
                while (item.hasRemaining()) {
                    channel.write(item);
                }
                length += count;
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public synchronized void onError(Throwable failure) {
        delete();
        result.completeExceptionally(failure);
    }

    @Override
    public synchronized void onComplete() {
        if (result.isDone()) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            delete();
            result.completeExceptionally(e);
            return;
        }
        result.complete(new Content(file, length, Arrays.copyOf(head, (int) Math.min(length, HEAD_BYTES)),
                HexFormat.of().formatHex(digest.digest())));
    }

    @Override
    public CompletionStage<Content> getBody() {
        return result;
    }

    /** Gives up on a body that is still arriving (a timeout): its file goes, and what arrives later is dropped. */
    synchronized void discard() {
        if (!result.isDone()) {
            fail(new IOException("discarded"));
        }
    }

    private void fail(IOException failure) {
        if (subscription != null) {
            subscription.cancel();
        }
        delete();
        result.completeExceptionally(failure);
    }

    private void delete() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary file left behind is no reason to fail a download
        }
    }
}
