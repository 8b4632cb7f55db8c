package dev.kiln.problem;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Declares the problem vocabulary in every service's OpenAPI document: the {@code Problem} schema, its {@code type}
 * as an enumeration of {@link ProblemType}, and on every operation the error answers that any request can get.
 * An operation's own declared answers are kept.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemOpenApiFilter implements OASFilter {

    static final String SCHEMA = "Problem";
    private static final String REF = "#/components/schemas/" + SCHEMA;

    /** The answers a request to any operation can get, whatever it does. */
    private static final List<ProblemType> EVERY_OPERATION = List.of(ProblemType.MALFORMED_BODY,
            ProblemType.NOT_ACCEPTABLE, ProblemType.UNSUPPORTED_MEDIA_TYPE, ProblemType.INTERNAL_ERROR,
            ProblemType.SERVICE_UNAVAILABLE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(SCHEMA, problemSchema());
    }

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        for (ProblemType type : EVERY_OPERATION) {
            String status = Integer.toString(type.status());
            if (!operation.getResponses().hasAPIResponse(status)) {
                operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse()
                        .description(type.title() + " (" + type.uri() + ")")
                        .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF)))));
            }
        }
        return operation;
    }

    private static Schema problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uri")
                .description("Stable URI of the kind of error; clients switch on it (docs/errors.md)")
                .enumeration(Arrays.stream(ProblemType.values()).map(type -> (Object) type.uri()).toList()));
        properties.put("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .description("Short summary of the kind of error"));
        properties.put("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                .description("The HTTP status"));
        properties.put("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .description("What happened this time, in words a person can act on"));
        properties.put("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .description("The request path, where given"));
        properties.put("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                .description("The invalid fields of an invalid-request")
                .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                        .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                        .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING))));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail, served as application/problem+json")
                .required(List.of("type", "title", "status", "detail"))
                .properties(properties);
    }
}
