package dev.kiln.storage;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything storage-service can be told, under {@code kiln.storage}; docs/storage-service.md explains each key. */
@ConfigMapping(prefix = "kiln.storage")
public interface StorageConfig {

    /** The bucket that receives the outputs. */
    @WithDefault("kiln-outputs")
    String bucket();

    Fetch fetch();

    Urls urls();

    /** How provider outputs are downloaded. */
    interface Fetch {

        /**
         * The provider file hosts we download from, as {@code host} (the scheme's default port) or {@code host:port}.
         * Anything else is refused before a connection is made.
         */
        @WithDefault("localhost:8090")
        List<String> allowedHosts();

        @WithDefault("2s")
        Duration connectTimeout();

        /** The longest a whole response (status, headers and body) may take once the connection is made. */
        @WithDefault("10s")
        Duration readTimeout();

        /** The largest output accepted, counted while it streams in. */
        @WithDefault("20971520")
        long maxBytes();

        /**
         * How long the provider keeps an output at its URL, counted from the completion event: a failing file host is
         * retried until then (Replicate keeps outputs for an hour).
         */
        @WithDefault("1h")
        Duration urlLifetime();
    }

    /** The URLs that prediction.stored hands to clients. */
    interface Urls {

        @WithDefault("public")
        UrlMode mode();

        /** In public mode, an object's URL is this base, a slash and the object key. */
        @WithDefault("http://localhost:9000/kiln-outputs")
        String publicBaseUrl();

        /** In presigned mode, how long a URL stays valid from the moment the event is published. */
        @WithDefault("1h")
        Duration presignTtl();
    }

    enum UrlMode {
        /** The bucket (or a CDN in front of it) is publicly readable. */
        PUBLIC,
        /** The bucket is private: each URL carries a time-limited signature. */
        PRESIGNED
    }
}
