package com.poblysh.connectors.query.openapi;

import static com.poblysh.connectors.query.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.poblysh.connectors.query.Fixtures;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Live answers against the served OpenAPI document: every list and get endpoint (but the OAuth callback, which
 * needs a provider round trip), called on real rows, answers a body that validates (JSON Schema 2020-12, formats
 * asserted) against the schema the document declares for that operation, status and media type; and each schema
 * requires the fields the contract always returns, so a generated client does not make them optional and
 * {@code {}} is not a valid page.
 */
@QueryApiIntegrationTest
class OpenApiResponseConformanceTests extends RealSchemaTests {

    /**
     * Base IRI the served document is registered under; the document is handed to the registry, so nothing is
     * fetched from it. {@code $ref}s of the document ({@code #/components/schemas/...}) resolve against it.
     */
    private static final String DOCUMENT = "https://poblysh.invalid/query-api/v3/api-docs";

    /** The fields the contract (sections 2 and 4) lists without "?", per component schema. */
    private static final Map<String, Set<String>> CONTRACT_FIELDS = Map.ofEntries(
            Map.entry("SignalPage", Set.of("signals", "next_cursor")),
            Map.entry("Signal", Set.of("id", "provider", "connection_id", "kind", "occurred_at", "received_at")),
            Map.entry("ConnectionPage", Set.of("connections", "next_cursor")),
            Map.entry("Connection", Set.of("id", "provider", "status", "external_id", "scopes", "metadata",
                    "created_at")),
            Map.entry("JobPage", Set.of("jobs", "next_cursor")),
            Map.entry("Job", Set.of("id", "provider", "connection_id", "job_type", "status", "attempts",
                    "scheduled_at")),
            Map.entry("ProviderList", Set.of("providers")),
            Map.entry("Provider", Set.of("name", "auth_type", "scopes", "webhooks", "polling", "signal_kinds")),
            Map.entry("Problem", Set.of("code", "message", "trace_id")),
            Map.entry("Liveness", Set.of("status", "service", "version")),
            Map.entry("Readiness", Set.of("status", "checks")),
            Map.entry("Authorization", Set.of("authorize_url")),
            Map.entry("ConnectionEnvelope", Set.of("connection")));

    /** Always present but null when there is nothing to say: required, and typed to admit null. */
    private static final Map<String, Set<String>> NULLABLE_CONTRACT_FIELDS = Map.of(
            "SignalPage", Set.of("next_cursor"),
            "ConnectionPage", Set.of("next_cursor"),
            "JobPage", Set.of("next_cursor"),
            "Signal", Set.of("connection_id"));

    JsonNode document;
    SchemaRegistry schemas;
    UUID tenant;

    @BeforeEach
    void fetchTheServedDocument() throws Exception {
        MockHttpServletResponse response = api.perform(get("/v3/api-docs"));
        assertThat(response.getStatus()).isEqualTo(200);
        String text = response.getContentAsString();
        document = json.readTree(text);
        // OpenAPI 3.1's base dialect is 2020-12 plus the OAS vocabulary (discriminator, example), which the
        // document's schemas may use; formats are only annotations unless asserted, and the wire formats matter.
        schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31(), registry -> registry
                .schemas(Map.of(DOCUMENT, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        tenant = UUID.randomUUID();
    }

    @Test
    void providerCatalogueMatchesItsDocumentedSchema() throws Exception {
        JsonNode body = conforms("/providers", get("/providers"), 200);

        assertThat(body.get("providers")).isNotEmpty();
    }

    @Test
    void connectionsListAndOneConnectionMatchTheirDocumentedSchemas() throws Exception {
        Instant base = Fixtures.yesterday();
        UUID older = Fixtures.connection(jdbc, cipher, tenant, "github", "active", base, "gho_a");
        Fixtures.connection(jdbc, cipher, tenant, "slack", "revoked", base.plusSeconds(1), null);

        JsonNode first = conforms("/connections", as(tenant, get("/connections").param("limit", "1")), 200);
        assertThat(first.get("next_cursor").isString()).isTrue();
        JsonNode last = conforms("/connections", as(tenant, get("/connections").param("limit", "1")
                .param("cursor", first.get("next_cursor").asString())), 200);
        assertThat(last.get("next_cursor").isNull()).isTrue();
        assertThat(conforms("/connections/{id}", as(tenant, get("/connections/{id}", older)), 200).get("id")
                .asString()).isEqualTo(older.toString());
    }

    @Test
    void aConnectionWithItsHealthMatchesItsDocumentedSchema() throws Exception {
        Instant base = Fixtures.yesterday();
        UUID failing = Fixtures.connection(jdbc, cipher, tenant, "github", "active", base, "gho_a");
        jdbc.sql("UPDATE connections SET last_synced_at = :at, last_error = jsonb_build_object('code', 'not_found', "
                + "'message', 'repository octo/gone does not exist', 'at', CAST(:error AS text)) WHERE id = :id")
                .param("at", base.atOffset(ZoneOffset.UTC)).param("error", base.plusSeconds(60).toString())
                .param("id", failing).update();
        Fixtures.job(jdbc, tenant, failing, "github", "incremental", "queued", base.plusSeconds(900));

        JsonNode connection = conforms("/connections/{id}", as(tenant, get("/connections/{id}", failing)), 200);

        assertThat(connection.at("/last_error/code").asString()).isEqualTo("not_found");
        assertThat(connection.get("next_sync_at").asString()).isEqualTo(base.plusSeconds(900).toString());
        conforms("/connections", as(tenant, get("/connections")), 200);
    }

    @Test
    void signalPagesAndOneSignalMatchTheirDocumentedSchemas() throws Exception {
        Instant base = Fixtures.yesterday();
        UUID connection = Fixtures.connection(jdbc, cipher, tenant, "github", "active", base, "gho_a");
        UUID withPayload = Fixtures.signal(jdbc, tenant, "github", "pr_merged", connection, base);
        jdbc.sql("UPDATE signals SET payload = '{\"number\": 42, \"labels\": [\"a\"]}'::jsonb, actor = 'octocat', "
                + "title = 'Fix it', url = 'https://github.com/o/r/pull/42' WHERE id = :id")
                .param("id", withPayload).update();
        UUID unattached = Fixtures.signal(jdbc, tenant, "slack", "message_posted", null, base.minusSeconds(1));

        JsonNode first = conforms("/signals", as(tenant, get("/signals").param("limit", "1")), 200);
        assertThat(first.get("next_cursor").isString()).isTrue();
        JsonNode last = conforms("/signals", as(tenant, get("/signals").param("limit", "1")
                .param("cursor", first.get("next_cursor").asString())), 200);
        assertThat(last.get("next_cursor").isNull()).isTrue();
        assertThat(last.at("/signals/0/connection_id").isNull()).isTrue();
        JsonNode payloads = conforms("/signals", as(tenant, get("/signals").param("include_payload", "true")), 200);
        assertThat(payloads.at("/signals/0/payload/number").asInt()).isEqualTo(42);
        assertThat(payloads.at("/signals/1/payload").isNull()).isTrue();
        conforms("/signals/{id}", as(tenant, get("/signals/{id}", withPayload)), 200);
        conforms("/signals/{id}", as(tenant, get("/signals/{id}", unattached)), 200);
    }

    @Test
    void jobsListAndOneJobMatchTheirDocumentedSchemas() throws Exception {
        Instant base = Fixtures.yesterday();
        UUID connection = Fixtures.connection(jdbc, cipher, tenant, "github", "active", base, "gho_a");
        UUID failed = Fixtures.job(jdbc, tenant, connection, "github", "full", "failed", base);
        jdbc.sql("UPDATE sync_jobs SET attempts = 3, started_at = :at, finished_at = :at, "
                + "error = '{\"code\": \"provider_error\"}'::jsonb WHERE id = :id")
                .param("at", base.plusSeconds(1).atOffset(ZoneOffset.UTC)).param("id", failed).update();
        Fixtures.job(jdbc, tenant, connection, "github", "incremental", "queued", base.plusSeconds(2));

        JsonNode first = conforms("/jobs", as(tenant, get("/jobs").param("limit", "1")), 200);
        assertThat(first.get("next_cursor").isString()).isTrue();
        JsonNode last = conforms("/jobs", as(tenant, get("/jobs").param("limit", "1")
                .param("cursor", first.get("next_cursor").asString())), 200);
        assertThat(last.get("next_cursor").isNull()).isTrue();
        assertThat(conforms("/jobs/{id}", as(tenant, get("/jobs/{id}", failed)), 200).at("/error/code").asString())
                .isEqualTo("provider_error");
    }

    @Test
    void anOperationRunMatchesItsDocumentedSchema() throws Exception {
        UUID run = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO operation_runs (id, kind, status, progress, filters, started_by, started_at, finished_at,
                                            error)
                VALUES (?, 'replay', 'failed', '{"total": 3, "read": 1, "stored": 1, "updated": 0, "skipped": 0,
                        "failed": 0, "checkpoint": {"0": 5}, "ends": {"0": 7}}',
                        '{"from": "0:4", "to": null, "tenant": null, "provider": null, "mode": "rebuild", "rate": null,
                          "dry_run": false}', 'operator:a', now(), now(), '{"message": "broker away"}')""")
                .param(run).update();

        JsonNode body = conforms("/operations/runs/{id}", operator(get("/operations/runs/{id}", run)), 200);

        assertThat(body.at("/error/message").asString()).isEqualTo("broker away");
        assertThat(body.at("/progress").has("checkpoint")).isFalse();
    }

    @Test
    void problemAnswersMatchTheDocumentedProblemSchema() throws Exception {
        for (String path : List.of("/signals/{id}", "/connections/{id}", "/jobs/{id}")) {
            assertThat(conforms(path, as(tenant, get(path, UUID.randomUUID())), 404).get("code").asString())
                    .isEqualTo("NOT_FOUND");
        }
        assertThat(conforms("/signals", as(tenant, get("/signals").param("limit", "0")), 400).at("/details/limit")
                .isMissingNode()).isFalse();
        assertThat(conforms("/jobs", get("/jobs"), 401).get("code").asString()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void probesMatchTheirDocumentedSchemas() throws Exception {
        assertThat(conforms("/healthz", get("/healthz"), 200).get("status").asString()).isEqualTo("ok");
        assertThat(conforms("/readyz", get("/readyz"), 200).get("status").asString()).isEqualTo("ready");
    }

    @Test
    void schemasRequireEveryFieldTheContractAlwaysReturns() {
        JsonNode components = document.at("/components/schemas");
        Map<String, List<String>> notRequired = new TreeMap<>();
        Map<String, List<String>> undeclared = new TreeMap<>();
        CONTRACT_FIELDS.forEach((name, fields) -> {
            JsonNode schema = components.path(name);
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(field -> required.add(field.asString()));
            fields.stream().sorted().forEach(field -> {
                if (!required.contains(field)) {
                    notRequired.computeIfAbsent(name, n -> new ArrayList<>()).add(field);
                }
                if (!schema.path("properties").has(field)) {
                    undeclared.computeIfAbsent(name, n -> new ArrayList<>()).add(field);
                }
            });
        });
        List<String> notNullable = new ArrayList<>();
        NULLABLE_CONTRACT_FIELDS.forEach((name, fields) -> fields.forEach(field -> {
            if (!components.at("/" + name + "/properties/" + field + "/type").toString().contains("\"null\"")) {
                notNullable.add(name + "." + field);
            }
        }));

        assertThat(undeclared).as("contract fields missing from the schemas' properties").isEmpty();
        assertThat(notRequired).as("contract fields missing from the schemas' required lists").isEmpty();
        assertThat(notNullable).as("required fields that are null when empty but not typed nullable").isEmpty();
    }

    @Test
    void rejectsAnEmptyObjectAsASignalPageASignalOrAProblem() {
        Schema page = declared("/signals", 200, "application/json");

        assertThat(page.validate("{}", InputFormat.JSON)).extracting(Error::getProperty)
                .containsExactlyInAnyOrder("signals", "next_cursor");
        assertThat(page.validate("{\"signals\": [{}], \"next_cursor\": null}", InputFormat.JSON))
                .extracting(Error::getProperty)
                .contains("id", "provider", "connection_id", "kind", "occurred_at", "received_at");
        assertThat(page.validate("{\"signals\": [], \"next_cursor\": null}", InputFormat.JSON)).isEmpty();
        assertThat(declared("/signals/{id}", 200, "application/json").validate("{}", InputFormat.JSON))
                .extracting(Error::getProperty).contains("id", "provider", "kind", "occurred_at", "received_at");
        assertThat(declared("/signals/{id}", 404, "application/problem+json").validate("{}", InputFormat.JSON))
                .extracting(Error::getProperty).containsExactlyInAnyOrder("code", "message", "trace_id");
    }

    /**
     * Performs the GET {@code request}, expects {@code status}, and validates the body against the schema the
     * document declares for {@code GET path}, that status and the answer's media type; returns the body.
     */
    private JsonNode conforms(String path, MockHttpServletRequestBuilder request, int status) throws Exception {
        MockHttpServletResponse response = api.perform(request);
        String body = response.getContentAsString();
        assertThat(response.getStatus()).as(body).isEqualTo(status);
        assertThat(response.getContentType()).as("content type of GET " + path).isNotNull();
        MediaType served = MediaType.parseMediaType(response.getContentType());

        List<Error> errors = declared(path, status, served.getType() + "/" + served.getSubtype())
                .validate(body, InputFormat.JSON);
        assertThat(errors).as("GET " + path + " " + status + ": " + body).isEmpty();
        return json.readTree(body);
    }

    /** The schema the document declares for {@code GET path}'s answer with {@code status} as {@code mediaType}. */
    private Schema declared(String path, int status, String mediaType) {
        String pointer = responsePointer(path, status) + "/content/" + escape(mediaType) + "/schema";
        assertThat(document.at(pointer).isMissingNode()).as("the document declares " + pointer).isFalse();
        return schemas.getSchema(SchemaLocation.of(DOCUMENT + "#" + pointer));
    }

    /** JSON pointer of the documented response, following a {@code $ref} to {@code components.responses}. */
    private String responsePointer(String path, int status) {
        String pointer = "/paths/" + escape(path) + "/get/responses/" + status;
        JsonNode response = document.at(pointer);
        assertThat(response.isMissingNode()).as("the document declares GET " + path + " " + status)
                .isFalse();
        if (response.has("$ref")) {
            String ref = response.get("$ref").asString();
            assertThat(ref).startsWith("#/components/responses/");
            return ref.substring(1);
        }
        return pointer;
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder operator(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + com.poblysh.connectors.query.QueryApiIntegrationTest.TOKEN);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
