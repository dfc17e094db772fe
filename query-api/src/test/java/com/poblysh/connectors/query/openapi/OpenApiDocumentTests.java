package com.poblysh.connectors.query.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.auth.ServedApplicationTests;
import com.poblysh.connectors.query.auth.ServedRoutes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI document against the application: the same routes as the handler mappings serve (so the
 * two cannot drift), security and the tenant header exactly where the auth filter demands them, every parameter,
 * the problem schema, snake_case schemas as on the wire, and the providers' enum taken from {@code Provider}.
 */
@QueryApiIntegrationTest
class OpenApiDocumentTests extends ServedApplicationTests {

    /**
     * Provider fields documented as plain strings: a signal's provider has had no enum in the published document
     * (giving it one is a change of the contract, not of this code). Every other provider field and parameter
     * lists exactly {@link Provider}'s ids.
     */
    private static final Set<String> FREE_FORM_PROVIDERS = Set.of("/components/schemas/Signal/properties/provider");

    JsonNode document;

    @BeforeEach
    void fetchTheDocumentWithoutCredentials() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/v3/api-docs")).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        document = json.readTree(response.getContentAsString());
    }

    @Test
    void isOpenApi31() {
        assertThat(document.get("openapi").asString()).startsWith("3.1");
        assertThat(document.get("info").get("title").asString()).isEqualTo("Poblysh Connectors query API");
    }

    @Test
    void describesExactlyTheRoutesTheApplicationServes() {
        Set<String> served = new TreeSet<>();
        served().stream().filter(ServedRoutes.Route::ours)
                .filter(route -> !route.pattern().equals("/error")) // the container's error page, not an operation
                .filter(route -> !route.isConsole()) // the operator console's pages are not the API
                .forEach(route -> served.add(route.key()));
        Set<String> documented = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(op -> documented.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));

        assertThat(documented).isEqualTo(served);
        assertThat(served).hasSizeGreaterThanOrEqualTo(13);
    }

    @Test
    void requiresTheBearerSchemeAndTenantHeaderExactlyOnTenantScopedOperations() {
        assertThat(document.at("/components/securitySchemes/operatorToken/type").asString()).isEqualTo("http");
        assertThat(document.at("/components/securitySchemes/operatorToken/scheme").asString()).isEqualTo("bearer");
        JsonNode tenant = document.at("/components/parameters/TenantId");
        assertThat(tenant.get("name").asString()).isEqualTo("X-Tenant-Id");
        assertThat(tenant.get("in").asString()).isEqualTo("header");
        assertThat(tenant.get("required").asBoolean()).isTrue();
        assertThat(tenant.at("/schema/format").asString()).isEqualTo("uuid");

        Set<String> open = Set.of("GET /healthz", "GET /readyz", "GET /providers", "GET /connect/{provider}/callback");
        Set<String> operatorOnly = Set.of("POST /operations/replays", "POST /operations/redrives",
                "GET /operations/runs/{id}", "POST /operations/runs/{id}/cancel");
        forEachOperation((key, operation) -> {
            boolean tenantHeader = parameterRefs(operation).contains("#/components/parameters/TenantId");
            if (open.contains(key)) {
                assertThat(operation.get("security")).as(key).isEmpty();
                assertThat(tenantHeader).as(key).isFalse();
            } else if (operatorOnly.contains(key)) {
                assertThat(operation.get("security").toString()).as(key).isEqualTo("[{\"operatorToken\":[]}]");
                assertThat(tenantHeader).as(key).isFalse();
                assertThat(operation.get("responses").has("401")).as(key).isTrue();
            } else {
                assertThat(operation.get("security").toString()).as(key).isEqualTo("[{\"operatorToken\":[]}]");
                assertThat(tenantHeader).as(key).isTrue();
                assertThat(operation.get("responses").has("401")).as(key).isTrue();
                assertThat(operation.get("responses").has("400")).as(key).isTrue();
            }
            assertThat(operation.get("responses").has("500")).as(key).isTrue();
            assertThat(operation.get("operationId").asString()).as(key).matches("[a-z][A-Za-z]+");
        });
    }

    @Test
    void documentsEveryQueryParameter() {
        assertThat(queryParameters("/signals", "get")).containsExactlyInAnyOrder("provider", "connection_id", "kind",
                "occurred_after", "occurred_before", "limit", "cursor", "include_payload", "order");
        assertThat(parameter("/signals", "get", "order").at("/schema/enum").toString())
                .isEqualTo("[\"occurred\",\"stored\"]");
        assertThat(queryParameters("/connections", "get")).containsExactlyInAnyOrder("provider", "status", "limit",
                "cursor");
        assertThat(queryParameters("/jobs", "get")).containsExactlyInAnyOrder("status", "provider", "connection_id",
                "job_type", "limit", "cursor");
        assertThat(queryParameters("/connect/{provider}/callback", "get")).containsExactlyInAnyOrder("code", "state",
                "error");
        assertThat(document.at("/paths/~1jobs/get/parameters").toString()).contains("\"queued\"", "\"incremental\"");
        JsonNode limit = parameter("/signals", "get", "limit");
        assertThat(limit.at("/schema/minimum").asInt()).isEqualTo(1);
        assertThat(limit.at("/schema/maximum").asInt()).isEqualTo(100);
        assertThat(parameter("/connections/{id}", "delete", "id").get("in").asString()).isEqualTo("path");
    }

    @Test
    void listsExactlyTheProvidersIdsWhereverAProviderAppears() {
        List<String> ids = Arrays.stream(Provider.values()).map(Provider::id).toList();
        Map<String, JsonNode> providerSchemas = new TreeMap<>();
        collectProviderSchemas(document, "", providerSchemas);

        assertThat(providerSchemas.keySet()).containsAll(FREE_FORM_PROVIDERS).contains(
                "/paths/~1connect~1{provider}/post/parameters/provider",
                "/paths/~1connect~1{provider}~1callback/get/parameters/provider",
                "/paths/~1connections/get/parameters/provider",
                "/paths/~1jobs/get/parameters/provider",
                "/paths/~1signals/get/parameters/provider",
                "/components/schemas/Connection/properties/provider",
                "/components/schemas/Job/properties/provider");
        providerSchemas.forEach((where, schema) -> {
            assertThat(schema.get("type").asString()).as(where).isEqualTo("string");
            if (!FREE_FORM_PROVIDERS.contains(where)) {
                List<String> listed = new ArrayList<>();
                schema.path("enum").forEach(id -> listed.add(id.asString()));
                assertThat(listed).as(where).containsExactlyElementsOf(ids);
            }
        });
    }

    @Test
    void describesErrorsWithTheProblemSchema() {
        JsonNode problem = document.at("/components/schemas/Problem/properties");
        List<String> fields = new ArrayList<>();
        problem.properties().forEach(p -> fields.add(p.getKey()));
        assertThat(fields).containsExactlyInAnyOrder("type", "title", "status", "code", "message", "details",
                "retry_after", "trace_id");
        for (String response : List.of("ValidationFailed", "Unauthorized", "NotFound", "Conflict", "ProviderError",
                "ServiceUnavailable", "InternalError")) {
            String schema = "/components/responses/" + response + "/content/application~1problem+json/schema/$ref";
            assertThat(document.at(schema).asString()).as(response).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(document.at("/paths/~1connect~1{provider}~1callback/get/responses/502/$ref").asString())
                .isEqualTo("#/components/responses/ProviderError");
        assertThat(document.at("/paths/~1connections~1{id}~1sync/post/responses/409/$ref").asString())
                .isEqualTo("#/components/responses/Conflict");
    }

    @Test
    void namesSchemaPropertiesAsTheyAreSerialized() {
        assertThat(document.at("/components/schemas/Signal/properties").has("occurred_at")).isTrue();
        assertThat(document.at("/components/schemas/Connection/properties").has("external_id")).isTrue();
        assertThat(document.at("/components/schemas/Job/properties").has("scheduled_at")).isTrue();
        assertThat(document.at("/components/schemas/Provider/properties").has("signal_kinds")).isTrue();
        assertThat(document.at("/components/schemas/SignalPage/properties/next_cursor/type").toString())
                .isEqualTo("[\"string\",\"null\"]");
        assertThat(document.toString()).doesNotContain("\"occurredAt\"", "\"nextCursor\"", "\"externalId\"");
    }

    @Test
    void servesTheSwaggerUiAndTheYamlDocumentWithoutCredentials() throws Exception {
        MockHttpServletResponse redirect = mvc.perform(get("/swagger-ui.html")).andReturn().getResponse();
        assertThat(redirect.getStatus()).isEqualTo(302);
        assertThat(redirect.getRedirectedUrl()).endsWith("/swagger-ui/index.html");
        assertThat(mvc.perform(get("/swagger-ui/index.html")).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(mvc.perform(get("/v3/api-docs.yaml")).andReturn().getResponse().getContentAsString())
                .startsWith("openapi: 3.1");
    }

    /**
     * Every parameter named {@code provider} (by its operation path and name) and every schema property named
     * {@code provider} (by JSON pointer), with its schema.
     */
    private static void collectProviderSchemas(JsonNode node, String pointer, Map<String, JsonNode> found) {
        if (node.isObject()) {
            JsonNode parameters = node.get("parameters");
            if (parameters != null && parameters.isArray()) {
                parameters.forEach(p -> {
                    if (p.has("name") && p.get("name").asString().equals("provider")) {
                        found.put(pointer + "/parameters/provider", p.get("schema"));
                    }
                });
            }
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject() && properties.has("provider")) {
                found.put(pointer + "/properties/provider", properties.get("provider"));
            }
            node.properties().forEach(child -> collectProviderSchemas(child.getValue(),
                    pointer + "/" + child.getKey().replace("~", "~0").replace("/", "~1"), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectProviderSchemas(node.get(i), pointer + "/" + i, found);
            }
        }
    }

    private void forEachOperation(java.util.function.BiConsumer<String, JsonNode> check) {
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                check.accept(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), op.getValue())));
    }

    private static List<String> parameterRefs(JsonNode operation) {
        List<String> refs = new ArrayList<>();
        if (operation.has("parameters")) {
            operation.get("parameters").forEach(p -> {
                if (p.has("$ref")) {
                    refs.add(p.get("$ref").asString());
                }
            });
        }
        return refs;
    }

    private List<String> queryParameters(String path, String method) {
        List<String> names = new ArrayList<>();
        operation(path, method).get("parameters").forEach(p -> {
            if (p.has("in") && p.get("in").asString().equals("query")) {
                names.add(p.get("name").asString());
            }
        });
        return names;
    }

    private JsonNode parameter(String path, String method, String name) {
        for (JsonNode p : operation(path, method).get("parameters")) {
            if (p.has("name") && p.get("name").asString().equals(name)) {
                return p;
            }
        }
        throw new AssertionError(name + " is not documented on " + method + " " + path);
    }

    private JsonNode operation(String path, String method) {
        return document.get("paths").get(path).get(method);
    }
}
