package dev.kiln.webhook;

import dev.kiln.testing.KafkaResource;
import dev.kiln.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;

/** The real infrastructure this service's tests run against; the resources apply to every test of the module. */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(ProviderApiStub.class)
public class TestInfrastructure {
}
