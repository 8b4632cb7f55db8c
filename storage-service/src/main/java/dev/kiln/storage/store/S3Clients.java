package dev.kiln.storage.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.kiln.storage.RequiredSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Qualifier;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The AWS SDK's S3 client and presigner, configured from {@link S3Connection} and the S3 credentials. Built here
 * rather than by quarkus-amazon-s3, whose OpenTelemetry support does not resolve from Maven Central (pom.xml): the
 * client carries OpenTelemetry's AWS SDK interceptor instead, so that each S3 call is a client span of the trace that
 * is current when it is made (the put, a child of the prediction.completed record's processing).
 */
@ApplicationScoped
public class S3Clients {

    /** The client of the readiness check: untraced, so that a probe every few seconds starts no trace of its own. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER })
    public @interface Untraced {
    }

    private final S3Connection connection;
    private final StaticCredentialsProvider credentials;

    S3Clients(S3Connection connection, RequiredSettings secrets) {
        this.connection = connection;
        this.credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(secrets.s3().accessKeyId(), secrets.s3().secretAccessKey()));
    }

    @Produces
    @Singleton
    S3Client traced(OpenTelemetry openTelemetry) {
        return builder()
                .overrideConfiguration(override -> override
                        .addExecutionInterceptor(AwsSdkTelemetry.create(openTelemetry).newExecutionInterceptor()))
                .build();
    }

    @Produces
    @Singleton
    @Untraced
    S3Client untraced() {
        return builder().build();
    }

    @Produces
    @Singleton
    S3Presigner presigner() {
        // Presigning is local (no request is made): nothing to trace.
        return S3Presigner.builder()
                .endpointOverride(connection.endpoint())
                .region(Region.of(connection.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(connection.pathStyleAccess())
                        .build())
                .build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    void closeUntraced(@Disposes @Untraced S3Client client) {
        client.close();
    }

    void close(@Disposes S3Presigner presigner) {
        presigner.close();
    }

    private S3ClientBuilder builder() {
        return S3Client.builder()
                // Apache's HTTP client streams an upload from its file; HttpURLConnection (url-connection-client)
                // would first copy all of it into the heap, up to kiln.storage.fetch.max-bytes per worker.
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(connection.endpoint())
                .region(Region.of(connection.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(connection.pathStyleAccess());
    }
}
