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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import dev.kiln.storage.StorageConfig;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Downloads provider outputs: only from allowed hosts, never following a redirect, within the connect and read
 * timeouts and the size cap, and only when the content is an image. 5xx, 408, 429 and timeouts are retried with a
 * doubling backoff (a SmallRye Fault Tolerance {@code @Retry}, its numbers in application.properties); everything
 * else fails at once, since another attempt would get the same answer.
 * Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class ProviderFiles {

    private static final Logger LOG = Logger.getLogger(ProviderFiles.class);
    private static final long MEBIBYTE = 1024 * 1024;

    private final StorageConfig.Fetch config;
    private final ProviderHosts hosts;
    private final HttpClient http;

    ProviderFiles(StorageConfig storage) {
        this.config = storage.fetch();
        if (config.maxBytes() < 1 || config.maxBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("kiln.storage.fetch.max-bytes must be between 1 and 2 GiB, not "
                    + config.maxBytes());
        }
        this.hosts = new ProviderHosts(config.allowedHosts());
        // A redirect could lead anywhere, past the allow-list: none is followed.
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Output {@code index} of a prediction, downloaded from {@code url}. */
    public Download download(int index, String url) throws OutputRejectedException {
        URI uri = hosts.check(index, url);
        AtomicInteger attempts = new AtomicInteger();
        try {
            // A call on this bean's own method still goes through its @Retry: Quarkus intercepts self-invocation.
            return attempt(index, uri, attempts);
        } catch (TransientFailureException failure) {
            int made = attempts.get();
            throw new OutputRejectedException("download of output " + index + " failed after " + made
                    + (made == 1 ? " attempt: " : " attempts: ") + failure.getMessage());
        }
    }

    /** One attempt; the retries call it again with the same {@code attempts}, which counts them. */
    @Retry(retryOn = TransientFailureException.class, abortOn = OutputRejectedException.class)
    @ExponentialBackoff
    Download attempt(int index, URI uri, AtomicInteger attempts) throws OutputRejectedException,
            TransientFailureException {
        int attempt = attempts.incrementAndGet();
        try {
            return get(index, uri);
        } catch (TransientFailureException failure) {
            LOG.infof("Output %d at %s: attempt %d failed (%s)", index, uri, attempt, failure.getMessage());
            throw failure;
        }
    }

    private Download get(int index, URI uri) throws OutputRejectedException, TransientFailureException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(config.readTimeout())
                .header("Accept", "image/png, image/jpeg, image/webp, image/gif")
                .build();
        CompletableFuture<HttpResponse<CappedBody.Content>> pending = http.sendAsync(request, info -> info.statusCode() == 200
                ? new CappedBody(config.maxBytes(), info.headers().firstValueAsLong("Content-Length").orElse(-1))
                : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<CappedBody.Content> response = await(index, pending);
        int status = response.statusCode();
        if (status == 200) {
            CappedBody.Content body = response.body();
            ImageType type = ImageType.detect(body.bytes(), body.length())
                    .orElseThrow(() -> new OutputRejectedException(notAnImage(index, response.headers())));
            return new Download(type, body.bytes(), body.length(), body.sha256());
        }
        if (status >= 300 && status < 400) {
            throw new OutputRejectedException("output " + index + " answers with a redirect (HTTP " + status
                    + "), and redirects are not followed");
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new TransientFailureException("HTTP " + status);
        }
        throw new OutputRejectedException("download of output " + index + " failed: HTTP " + status);
    }

    private HttpResponse<CappedBody.Content> await(int index, CompletableFuture<HttpResponse<CappedBody.Content>> pending)
            throws OutputRejectedException, TransientFailureException {
        Duration limit = config.connectTimeout().plus(config.readTimeout());
        try {
            return pending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The request timeout only covers the headers; this one also ends a body that trickles in.
            pending.cancel(true);
            throw new TransientFailureException("no complete response within " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CappedBody.TooLarge) {
                throw new OutputRejectedException("output " + index + " exceeds " + size(config.maxBytes()));
            }
            if (cause instanceof HttpConnectTimeoutException) {
                throw new TransientFailureException("connect timed out after " + config.connectTimeout().toMillis() + " ms");
            }
            if (cause instanceof HttpTimeoutException) {
                throw new TransientFailureException("no response within " + config.readTimeout().toMillis() + " ms");
            }
            if (cause instanceof ConnectException) {
                throw new TransientFailureException("connection refused");
            }
            if (cause instanceof IOException) {
                throw new TransientFailureException(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            }
            throw new IllegalStateException("downloading output " + index + " failed unexpectedly", cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading output " + index, e);
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

    /** A failure that another attempt may not meet: 5xx, 408, 429, a timeout, a refused or broken connection. */
    static final class TransientFailureException extends Exception {
        TransientFailureException(String message) {
            super(message, null, false, false);
        }
    }
}
