package dev.kiln.storage.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import dev.kiln.storage.StorageConfig;
import dev.kiln.storage.metrics.StorageMetrics;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Downloads provider outputs: only from allowed hosts, never following a redirect, within the connect and read
 * timeouts and the size cap, and only when the content is an image. Each output streams into a temporary file
 * (hashed and counted on the way), never into the heap.
 * A transient failure (5xx, 408, 429, a timeout, a refused or broken connection) is retried with a capped, doubling
 * backoff (a SmallRye Fault Tolerance {@code @Retry}, its numbers in application.properties) for as long as the
 * provider's URL lives ({@code kiln.storage.fetch.url-lifetime} from the completion): a file host's outage is not the
 * prediction's fault. Everything else fails at once, since another attempt would get the same answer.
 * Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class ProviderFiles {

    private static final Logger LOG = Logger.getLogger(ProviderFiles.class);
    private static final long MEBIBYTE = 1024 * 1024;

    private final StorageConfig.Fetch config;
    private final ProviderHosts hosts;
    private final HttpClient http;
    private final StorageMetrics metrics;

    ProviderFiles(StorageConfig storage, StorageMetrics metrics) {
        this.config = storage.fetch();
        this.metrics = metrics;
        if (config.maxBytes() < 1) {
            throw new IllegalArgumentException("kiln.storage.fetch.max-bytes must be at least 1, not " + config.maxBytes());
        }
        this.hosts = new ProviderHosts(config.allowedHosts());
        // A redirect could lead anywhere, past the allow-list: none is followed.
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Output {@code index} of a prediction, downloaded from {@code url} into a temporary file (close the download to
     * delete it).
     *
     * @param completedAt when the prediction completed (the completion event's time): the URL lives from then on
     */
    public Download download(int index, String url, Instant completedAt) throws OutputRejectedException {
        URI uri = hosts.check(index, url);
        Attempts attempts = new Attempts(new UrlLifetime(completedAt, config.urlLifetime()));
        try {
            // A call on this bean's own method still goes through its @Retry: Quarkus intercepts self-invocation.
            return attempt(index, uri, attempts);
        } catch (TransientFailureException failure) {
            // Only when the retry policy was configured to end before the URL's lifetime does.
            throw new OutputRejectedException("download of output " + index + " failed after "
                    + attempts.count(attempts.made()) + ": " + failure.getMessage());
        }
    }

    /** One attempt; the retries call it again with the same {@code attempts}, which counts them. */
    @Retry(retryOn = TransientFailureException.class, abortOn = OutputRejectedException.class)
    @ExponentialBackoff
    Download attempt(int index, URI uri, Attempts attempts) throws OutputRejectedException,
            TransientFailureException {
        int attempt = attempts.next();
        try {
            return timed(() -> get(index, uri, attempts.lifetime()));
        } catch (TransientFailureException failure) {
            if (attempts.lifetime().over()) {
                throw new OutputRejectedException("output " + index + " could not be downloaded before its URL expired ("
                        + attempts.lifetime().describe() + "): " + attempts.count(attempt) + ", the last one: "
                        + failure.getMessage());
            }
            LOG.infof("Output %d at %s: attempt %d failed (%s); retrying until %s", index, uri, attempt,
                    failure.getMessage(), attempts.lifetime().end());
            throw failure;
        }
    }

    /** The attempt, timed by its outcome (kiln_storage_download_duration_seconds). */
    private Download timed(AttemptCall call) throws OutputRejectedException, TransientFailureException {
        long startedAt = System.nanoTime();
        String outcome = "connection_error";
        try {
            Download download = call.get();
            outcome = "ok";
            return download;
        } catch (OutputRejectedException rejected) {
            outcome = "rejected";
            throw rejected;
        } catch (TransientFailureException failure) {
            outcome = failure.outcome;
            throw failure;
        } finally {
            metrics.downloaded(outcome, Duration.ofNanos(System.nanoTime() - startedAt));
        }
    }

    @FunctionalInterface
    private interface AttemptCall {
        Download get() throws OutputRejectedException, TransientFailureException;
    }

    private Download get(int index, URI uri, UrlLifetime lifetime) throws OutputRejectedException,
            TransientFailureException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(config.readTimeout())
                .header("Accept", "image/png, image/jpeg, image/webp, image/gif")
                .build();
        AtomicReference<SpooledBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<SpooledBody.Content>> pending = http.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            body.set(new SpooledBody(config.maxBytes(), info.headers().firstValueAsLong("Content-Length").orElse(-1)));
            return body.get();
        });
        HttpResponse<SpooledBody.Content> response = await(index, pending, body);
        int status = response.statusCode();
        if (status == 200) {
            SpooledBody.Content content = response.body();
            Optional<ImageType> type = ImageType.detect(content.head(), content.head().length);
            if (type.isEmpty()) {
                delete(content.file());
                throw new OutputRejectedException(notAnImage(index, response.headers()));
            }
            return new Download(type.get(), content.file(), content.length(), content.sha256());
        }
        if (status >= 300 && status < 400) {
            throw new OutputRejectedException("output " + index + " answers with a redirect (HTTP " + status
                    + "), and redirects are not followed");
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new TransientFailureException(status == 429 ? "throttled" : status == 408 ? "timeout" : "server_error",
                    "HTTP " + status);
        }
        if ((status == 404 || status == 410 || status == 403) && lifetime.over()) {
            throw new OutputRejectedException("output " + index + " is gone (HTTP " + status + "): its URL expired "
                    + lifetime.describe() + " before it could be downloaded");
        }
        throw new OutputRejectedException("download of output " + index + " failed: HTTP " + status);
    }

    private HttpResponse<SpooledBody.Content> await(int index,
            CompletableFuture<HttpResponse<SpooledBody.Content>> pending, AtomicReference<SpooledBody> body)
            throws OutputRejectedException, TransientFailureException {
        Duration limit = config.connectTimeout().plus(config.readTimeout());
        try {
            return pending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The request timeout only covers the headers; this one also ends a body that trickles in.
            abandon(pending, body);
            throw new TransientFailureException("timeout", "no complete response within " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SpooledBody.TooLarge) {
                throw new OutputRejectedException("output " + index + " exceeds " + size(config.maxBytes()));
            }
            if (cause instanceof HttpConnectTimeoutException) {
                throw new TransientFailureException("timeout", "connect timed out after " + config.connectTimeout().toMillis() + " ms");
            }
            if (cause instanceof HttpTimeoutException) {
                throw new TransientFailureException("timeout", "no response within " + config.readTimeout().toMillis() + " ms");
            }
            if (cause instanceof ConnectException) {
                throw new TransientFailureException("connection_error", "connection refused");
            }
            if (cause instanceof IOException) {
                throw new TransientFailureException("connection_error", cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            }
            throw new IllegalStateException("downloading output " + index + " failed unexpectedly", cause);
        } catch (InterruptedException e) {
            abandon(pending, body);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading output " + index, e);
        }
    }

    /** Stops a download we no longer wait for, and deletes its file even if it completes after all. */
    private static void abandon(CompletableFuture<HttpResponse<SpooledBody.Content>> pending,
            AtomicReference<SpooledBody> body) {
        if (body.get() != null) {
            body.get().discard();
        }
        pending.cancel(true);
        pending.thenAccept(response -> {
            if (response.body() != null) {
                delete(response.body().file());
            }
        });
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not delete the temporary file %s: %s", file, e.getMessage());
        }
    }

    private static String notAnImage(int index, HttpHeaders headers) {
        // The declared type only explains the refusal (an HTML error page, typically); it decides nothing.
        return headers.firstValue("Content-Type")
                .map(declared -> declared.split(";", 2)[0].trim())
                .filter(declared -> !declared.isEmpty() && declared.length() <= 100)
                .map(declared -> "output " + index + " is not an image (served as " + declared + ")")
                .orElse("output " + index + " is not an image");
    }

    static String size(long bytes) {
        if (bytes % MEBIBYTE == 0) {
            return bytes / MEBIBYTE + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }

    /** The attempts at one output, within its URL's lifetime. */
    static final class Attempts {

        private final UrlLifetime lifetime;
        private final AtomicInteger made = new AtomicInteger();

        Attempts(UrlLifetime lifetime) {
            this.lifetime = lifetime;
        }

        int next() {
            return made.incrementAndGet();
        }

        int made() {
            return made.get();
        }

        UrlLifetime lifetime() {
            return lifetime;
        }

        String count(int attempts) {
            return attempts == 1 ? "1 attempt" : attempts + " attempts";
        }
    }

    /** A failure that another attempt may not meet: 5xx, 408, 429, a timeout, a refused or broken connection. */
    static final class TransientFailureException extends Exception {

        /** Its outcome in kiln_storage_download_duration_seconds. */
        final String outcome;

        TransientFailureException(String outcome, String message) {
            super(message, null, false, false);
            this.outcome = outcome;
        }
    }
}
