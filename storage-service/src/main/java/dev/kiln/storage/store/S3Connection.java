package dev.kiln.storage.store;

import java.net.URI;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the S3 API is, under {@code kiln.s3} (docs/storage-service.md#configuration); the credentials are
 * {@link dev.kiln.storage.RequiredSettings}' (kiln.s3.access-key-id, kiln.s3.secret-access-key).
 */
@ConfigMapping(prefix = "kiln.s3")
public interface S3Connection {

    /** The S3 API: S3Mock locally, the regional endpoint on AWS (https://s3.eu-west-1.amazonaws.com). */
    @WithDefault("http://localhost:9000")
    URI endpoint();

    /** The region requests are signed for: that of the endpoint on AWS; any for S3Mock. */
    @WithDefault("us-east-1")
    String region();

    /**
     * Bucket in the path ({@code endpoint/bucket/key}) rather than in the host name: S3Mock and most S3-compatible
     * servers need it; AWS accepts both.
     */
    @WithDefault("true")
    boolean pathStyleAccess();
}
