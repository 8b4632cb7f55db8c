package dev.kiln.storage;

import dev.kiln.testing.KafkaResource;
import dev.kiln.testing.S3Resource;
import dev.kiln.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real infrastructure this service's tests run against, and WireMock as the provider's file host; the resources
 * apply to every test of the module.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kiln_storage"))
@QuarkusTestResource(FileHost.class)
public class TestInfrastructure {
}
