package dev.kiln.webhook;

import dev.kiln.testing.KafkaResource;
import dev.kiln.testing.PostgresResource;
import dev.kiln.testing.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** The real infrastructure this service's tests run against; the resources apply to every test of the module. */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kiln_webhook"))
@QuarkusTestResource(ProviderApiStub.class)
public class TestInfrastructure {
}
