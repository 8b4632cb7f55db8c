package dev.kiln.gateway;

import dev.kiln.testing.KafkaResource;
import dev.kiln.testing.RedisResource;
import dev.kiln.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** The real infrastructure this service's tests run against; the resources apply to every test of the module. */
@QuarkusTestResource(ProviderStub.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(RedisResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kiln_gateway"))
public class TestInfrastructure {
}
