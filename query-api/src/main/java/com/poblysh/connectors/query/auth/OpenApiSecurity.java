package com.poblysh.connectors.query.auth;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Documents what {@link TenantAuthFilter} enforces, from the same route table ({@link PublicRoutes}): every
 * operation outside it requires the bearer scheme and the {@code X-Tenant-Id} header and may answer 401 and 400;
 * public operations declare no security; the tenantless operator routes require the bearer scheme only. Every operation may answer 500.
 */
@Component
class OpenApiSecurity implements OpenApiCustomizer {

    static final String SCHEME = "operatorToken";
    static final String TENANT_PARAMETER = "TenantId";

    @Override
    public void customise(OpenAPI document) {
        document.getComponents()
                .addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An operator token from POBLYSH_OPERATOR_TOKENS"))
                .addParameters(TENANT_PARAMETER, new Parameter().in("header").name("X-Tenant-Id").required(true)
                        .description("Core's tenant UUID; every resource read or written belongs to it")
                        .schema(new StringSchema().format("uuid")));
        if (document.getPaths() == null) {
            return;
        }
        document.getPaths().forEach((path, item) -> {
            boolean open = PublicRoutes.isPublic(path, "");
            boolean operatorOnly = PublicRoutes.isOperatorOnly(path, "");
            item.readOperations().forEach(operation -> {
                ApiResponses responses = operation.getResponses() != null ? operation.getResponses()
                        : new ApiResponses();
                operation.setResponses(responses);
                if (open) {
                    operation.setSecurity(java.util.List.of()); // explicitly none
                } else if (operatorOnly) {
                    operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
                    addIfAbsent(responses, "400", "ValidationFailed");
                    addIfAbsent(responses, "401", "Unauthorized");
                } else {
                    tenantScoped(operation, responses);
                }
                addIfAbsent(responses, "500", "InternalError");
            });
        });
    }

    private static void tenantScoped(Operation operation, ApiResponses responses) {
        operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        boolean present = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> ("#/components/parameters/" + TENANT_PARAMETER).equals(p.get$ref()));
        if (!present) {
            operation.addParametersItem(new Parameter().$ref("#/components/parameters/" + TENANT_PARAMETER));
        }
        addIfAbsent(responses, "400", "ValidationFailed");
        addIfAbsent(responses, "401", "Unauthorized");
    }

    private static void addIfAbsent(ApiResponses responses, String status, String reference) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref("#/components/responses/" + reference));
        }
    }
}
