package dev.kiln.storage.store;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.kiln.storage.StorageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Ready only while the S3 API answers and the outputs bucket exists: without it nothing can be stored. */
@Readiness
@ApplicationScoped
public class BucketHealthCheck implements HealthCheck {

    private final S3Client s3;
    private final String bucket;

    BucketHealthCheck(@S3Clients.Untraced S3Client s3, StorageConfig config) {
        this.s3 = s3;
        this.bucket = config.bucket();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("S3 bucket").withData("bucket", bucket);
        try {
            s3.headBucket(request -> request.bucket(bucket));
            return response.up().build();
        } catch (SdkException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
