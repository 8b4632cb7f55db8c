package dev.kiln.testing;

import java.util.Map;

import org.testcontainers.containers.GenericContainer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Redis for a service's tests: the stack's (or the machine's) server, else a container. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    static final String PORT_VARIABLE = "KILN_REDIS_PORT";
    static final int DEFAULT_PORT = 6379;

    private GenericContainer<?> container;

    @Override
    public Map<String, String> start() {
        var local = LocalServer.find(PORT_VARIABLE, DEFAULT_PORT);
        if (local.isPresent()) {
            return hosts(local.get().address());
        }
        if (!DockerEngine.answers()) {
            throw DockerEngine.missing("Redis", PORT_VARIABLE, DEFAULT_PORT);
        }
        container = new GenericContainer<>("redis:7-alpine").withExposedPorts(DEFAULT_PORT);
        container.start();
        return hosts(container.getHost() + ":" + container.getMappedPort(DEFAULT_PORT));
    }

    private static Map<String, String> hosts(String address) {
        return Map.of("quarkus.redis.hosts", "redis://" + address);
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
    }
}
