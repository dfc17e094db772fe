package com.poblysh.connectors.query.openapi;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.poblysh.connectors.common.web.ProblemBody;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document's shared parts: service info, the problem+json schema ({@link ProblemBody}, the one
 * error body of every endpoint) and the reusable error responses operations refer to by name
 * ({@code ref = "NotFound"}). Schemas are generated with snake_case names, as the service serializes them.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** Name of the problem schema in {@code components.schemas}. */
    static final String PROBLEM = "Problem";

    /**
     * Fields of every problem body (contract section 2); set here because {@link ProblemBody} lives in common,
     * which does not depend on the OpenAPI annotations.
     */
    static final List<String> PROBLEM_REQUIRED = List.of("code", "message", "trace_id");

    /** Reusable responses: name, description. */
    static final Map<String, String> RESPONSES = Map.of(
            "ValidationFailed", "400 VALIDATION_FAILED: details names each invalid parameter",
            "Unauthorized", "401 UNAUTHORIZED: missing or invalid operator bearer token",
            "NotFound", "404 NOT_FOUND: unknown, or belonging to another tenant (deny-as-not-found)",
            "Conflict", "409 CONFLICT: the resource's state does not allow this",
            "ProviderError", "502 PROVIDER_ERROR: details {provider, status, upstream_error}",
            "ServiceUnavailable", "503 SERVICE_UNAVAILABLE: not configured or not ready",
            "InternalError", "500 INTERNAL_SERVER_ERROR: quote the trace_id when reporting it");

    /** Generates schemas with the service's JSON naming (snake_case), so the document matches the wire. */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json31.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
                .openapi31(true);
    }

    @Bean
    OpenAPI queryApiDocument(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        Components components = new Components();
        @SuppressWarnings("rawtypes")
        Map<String, Schema> problem = ModelConverters.getInstance(true).read(ProblemBody.class);
        problem.forEach((name, schema) -> components.addSchemas(PROBLEM, schema.required(PROBLEM_REQUIRED)));
        Content problemContent = new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
        RESPONSES.forEach((name, description) -> components.addResponses(name,
                new ApiResponse().description(description).content(problemContent)));
        return new OpenAPI()
                .info(new Info().title("Poblysh Connectors query API")
                        .version(properties != null ? properties.getVersion() : "unknown")
                        .description("Tenant-scoped providers, OAuth connect, connections, sync jobs and signals for "
                                + "Poblysh Core. Tenant-scoped operations need an operator bearer token and "
                                + "X-Tenant-Id; errors are application/problem+json."))
                .components(components);
    }
}
