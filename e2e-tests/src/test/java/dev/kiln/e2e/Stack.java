package dev.kiln.e2e;

import java.util.Optional;

/** Where the running stack is: the defaults of ./stack, each overridable by an environment variable. */
public final class Stack {

    private Stack() {
    }

    public static String serviceUrl(String service, int defaultPort) {
        String variable = "KILN_" + service.toUpperCase().replace('-', '_') + "_URL";
        return env(variable).orElse("http://localhost:" + defaultPort);
    }

    /** The bearer token of the provider's API: the simulator's, as ./stack gives it to the gateway and the simulator. */
    public static String providerApiToken() {
        return env("KILN_PROVIDER_API_TOKEN").orElse("kiln-local-token");
    }

    public static String kafkaBootstrapServers() {
        return env("KAFKA_BOOTSTRAP_SERVERS").orElse("localhost:9092");
    }

    public static String s3Endpoint() {
        return env("KILN_S3_ENDPOINT").orElse("http://localhost:9000");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + env("KILN_POSTGRES_PORT").orElse("5432") + "/" + database;
    }

    public static int redisPort() {
        return Integer.parseInt(env("KILN_REDIS_PORT").orElse("6379"));
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
