package dev.kiln.gateway;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "kiln.gateway")
public interface GatewayConfig {

    /** The gateway's public base URL, used in Location headers and in the prediction's urls. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** How long a prediction's status stays in Redis; after that GET reads the durable record in PostgreSQL. */
    @WithDefault("24h")
    Duration statusTtl();
}
