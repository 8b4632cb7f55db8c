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

import org.jboss.logging.Logger;

import dev.kiln.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Downloads provider outputs: only from allowed hosts, never following a redirect, within the connect and read
 * timeouts and the size cap, and only when the content is an image. 5xx, 408, 429 and timeouts are retried with a
 * doubling backoff; everything else fails at once, since another attempt would get the same answer.
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
        if (config.maxAttempts() < 1) {
            throw new IllegalArgumentException("kiln.storage.fetch.max-attempts must be at least 1, not "
                    + config.maxAttempts());
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
    public Download download(int index, String url) throws OutputRejected {
        URI uri = hosts.check(index, url);
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(index, uri);
            } catch (Transient failure) {
                if (attempt >= config.maxAttempts()) {
                    throw new OutputRejected("download of output " + index + " failed after " + attempt
                            + (attempt == 1 ? " attempt: " : " attempts: ") + failure.getMessage());
                }
                Duration pause = config.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
                LOG.infof("Output %d at %s: attempt %d failed (%s), retrying in %d ms",
                        index, uri, attempt, failure.getMessage(), pause.toMillis());
                pause(pause);
            }
        }
    }

    private Download attempt(int index, URI uri) throws OutputRejected, Transient {
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
                    .orElseThrow(() -> new OutputRejected(notAnImage(index, response.headers())));
            return new Download(type, body.bytes(), body.length(), body.sha256());
        }
        if (status >= 300 && status < 400) {
            throw new OutputRejected("output " + index + " answers with a redirect (HTTP " + status
                    + "), and redirects are not followed");
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new Transient("HTTP " + status);
        }
        throw new OutputRejected("download of output " + index + " failed: HTTP " + status);
    }

    private HttpResponse<CappedBody.Content> await(int index, CompletableFuture<HttpResponse<CappedBody.Content>> pending)
            throws OutputRejected, Transient {
        Duration limit = config.connectTimeout().plus(config.readTimeout());
        try {
            return pending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The request timeout only covers the headers; this one also ends a body that trickles in.
            pending.cancel(true);
            throw new Transient("no complete response within " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CappedBody.TooLarge) {
                throw new OutputRejected("output " + index + " exceeds " + size(config.maxBytes()));
            }
            if (cause instanceof HttpConnectTimeoutException) {
                throw new Transient("connect timed out after " + config.connectTimeout().toMillis() + " ms");
            }
            if (cause instanceof HttpTimeoutException) {
                throw new Transient("no response within " + config.readTimeout().toMillis() + " ms");
            }
            if (cause instanceof ConnectException) {
                throw new Transient("connection refused");
            }
            if (cause instanceof IOException) {
                throw new Transient(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
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

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a download", e);
        }
    }

    /** A failure that another attempt may not meet: 5xx, 408, 429, a timeout, a refused or broken connection. */
    private static final class Transient extends Exception {
        Transient(String message) {
            super(message, null, false, false);
        }
    }
}
