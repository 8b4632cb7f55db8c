package dev.kiln.testing;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.testcontainers.containers.GenericContainer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An S3 API for a service's tests: the stack's S3Mock, else the same S3Mock as a container. Init arg
 * {@code bucket} names the bucket the container creates at start (./stack creates the same one).
 */
public class S3Resource implements QuarkusTestResourceLifecycleManager {

    static final String ENDPOINT_VARIABLE = "KILN_S3_ENDPOINT";
    static final int DEFAULT_PORT = 9000;

    private String bucket;
    private GenericContainer<?> container;

    @Override
    public void init(Map<String, String> initArgs) {
        bucket = initArgs.getOrDefault("bucket", "kiln-outputs");
    }

    @Override
    public Map<String, String> start() {
        var configured = Optional.ofNullable(System.getenv(ENDPOINT_VARIABLE)).filter(value -> !value.isBlank());
        if (configured.isPresent()) {
            URI endpoint = URI.create(configured.get());
            if (new LocalServer(endpoint.getHost(), endpoint.getPort()).answers()) {
                return endpoint(configured.get());
            }
        }
        var local = LocalServer.find(ENDPOINT_VARIABLE + "_PORT", DEFAULT_PORT);
        if (local.isPresent()) {
            return endpoint("http://" + local.get().address());
        }
        if (!DockerEngine.answers()) {
            throw DockerEngine.missing("S3 API", ENDPOINT_VARIABLE, DEFAULT_PORT);
        }
        container = new GenericContainer<>("adobe/s3mock:4.11.0")
                .withEnv("COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS", bucket)
                .withExposedPorts(9090);
        container.start();
        return endpoint("http://" + container.getHost() + ":" + container.getMappedPort(9090));
    }

    private static Map<String, String> endpoint(String url) {
        return Map.of("kiln.s3.endpoint", url);
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
    }
}
