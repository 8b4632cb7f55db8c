package dev.kiln.storage.store;

import dev.kiln.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The URL a client fetches an object from: under a public base URL, or presigned for a limited time. */
@ApplicationScoped
public class ObjectUrls {

    private final StorageConfig config;
    private final S3Presigner presigner;
    private final String publicBase;

    ObjectUrls(StorageConfig config, S3Presigner presigner) {
        this.config = config;
        this.presigner = presigner;
        String base = config.urls().publicBaseUrl();
        this.publicBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String urlOf(String key) {
        return switch (config.urls().mode()) {
            // Keys are made of [a-z0-9./] only, so they need no escaping in a URL path.
            case PUBLIC -> publicBase + "/" + key;
            case PRESIGNED -> presigner.presignGetObject(request -> request
                            .signatureDuration(config.urls().presignTtl())
                            .getObjectRequest(get -> get.bucket(config.bucket()).key(key)))
                    .url().toString();
        };
    }
}
