package com.poblysh.connectors.query.auth;

import static com.poblysh.connectors.query.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import com.poblysh.connectors.query.FakeProviders;
import com.poblysh.connectors.query.Fixtures;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tenant isolation matrix, generated from the handler mappings: tenant A owns connections, jobs and
 * signals; tenant B asks for them by id, by filter and with A's cursors on every route and never sees them (404
 * exactly like a missing id, an empty list, 400 for a foreign cursor), nor changes them. A served route without a
 * probe here fails the matrix, so a new endpoint cannot be forgotten; so does a probe for a route that is gone.
 */
@QueryApiIntegrationTest
class TenantIsolationMatrixTests extends RealSchemaTests {

    /** How one route is checked. */
    @FunctionalInterface
    interface Probe {
        void run() throws Exception;
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    UUID tenantA;
    UUID tenantB;
    UUID connectionA;
    UUID jobA;
    UUID signalA;

    @TestFactory
    Stream<DynamicTest> tenantBNeverReachesTenantA() {
        seedTenantA();
        Map<String, Probe> probes = probes();
        List<ServedRoutes.Route> served = ServedRoutes.of(mapping);
        Set<String> servedKeys = new TreeSet<>(served.stream().map(ServedRoutes.Route::key).toList());
        Stream<DynamicTest> perRoute = served.stream().map(route -> DynamicTest.dynamicTest(route.key(), () -> {
            Probe probe = probes.get(route.key());
            if (probe == null) {
                fail("%s is served but has no isolation probe: add one to %s", route.key(),
                        TenantIsolationMatrixTests.class.getSimpleName());
            }
            probe.run();
        }));
        Stream<DynamicTest> stale = Stream.of(DynamicTest.dynamicTest("every probe names a served route", () ->
                assertThat(servedKeys).containsAll(probes.keySet())));
        return Stream.concat(perRoute, stale);
    }

    private Map<String, Probe> probes() {
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("GET /signals", () -> list("/signals", "signals",
                Map.of("connection_id", connectionA.toString(), "provider", "github", "kind", "pr_merged")));
        probes.put("GET /signals/{id}", () -> byId("/signals/" + signalA, "/signals/"));
        probes.put("GET /connections", () -> list("/connections", "connections",
                Map.of("provider", "github", "status", "active")));
        probes.put("GET /connections/{id}", () -> byId("/connections/" + connectionA, "/connections/"));
        probes.put("DELETE /connections/{id}", () -> {
            byIdWith("DELETE", "/connections/" + connectionA, "/connections/");
            assertThat(connectionStatus(connectionA)).isEqualTo("active");
            assertThat(jdbc.sql("SELECT access_token_ciphertext IS NOT NULL FROM connections WHERE id = :id")
                    .param("id", connectionA).query(Boolean.class).single()).isTrue();
            assertThat(FakeProviders.received(FakeProviders.GITHUB_REVOKE)).isEmpty();
            assertThat(auditRows(tenantA, "connection.revoked")).isZero();
        });
        probes.put("POST /connections/{id}/sync", () -> {
            long before = jobsOf(connectionA);
            byIdWith("POST", "/connections/" + connectionA + "/sync", "/connections/");
            assertThat(jobsOf(connectionA)).isEqualTo(before);
            assertThat(auditRows(tenantB, "connection.sync_requested")).isZero();
        });
        probes.put("GET /jobs", () -> list("/jobs", "jobs",
                Map.of("connection_id", connectionA.toString(), "status", "queued", "job_type", "incremental")));
        probes.put("GET /jobs/{id}", () -> byId("/jobs/" + jobA, "/jobs/"));
        probes.put("POST /connect/{provider}", () -> {
            // B's state can only ever create B's connection
            UUID created = connectVia(tenantB);
            assertThat(ownerOf(created)).isEqualTo(tenantB);
            assertThat(status(as(tenantA, get("/connections/" + created)))).isEqualTo(404);
        });
        probes.put("GET /connect/{provider}/callback", () -> {
            // public: the tenant comes from A's state, never from the request
            UUID created = connectVia(tenantA);
            assertThat(ownerOf(created)).isEqualTo(tenantA);
            assertThat(status(as(tenantB, get("/connections/" + created)))).isEqualTo(404);
        });
        Probe noTenantData = () -> { }; // public, tenantless answers: nothing of any tenant to reach
        // Tenantless operator routes: a tenant header neither scopes nor widens them; a run is no tenant's resource.
        Probe operatorOnly = () -> assertThat(status(as(tenantB, get("/operations/runs/" + UUID.randomUUID()))))
                .isEqualTo(404);
        probes.put("POST /operations/replays", operatorOnly);
        probes.put("POST /operations/redrives", operatorOnly);
        probes.put("GET /operations/runs/{id}", operatorOnly);
        probes.put("POST /operations/runs/{id}/cancel", operatorOnly);
        probes.put("GET /healthz", noTenantData);
        probes.put("GET /readyz", noTenantData);
        probes.put("GET /providers", noTenantData);
        probes.put("GET /v3/api-docs", noTenantData);
        probes.put("GET /v3/api-docs.yaml", noTenantData);
        probes.put("GET /v3/api-docs/swagger-config", noTenantData);
        probes.put("GET /swagger-ui.html", noTenantData);
        probes.put("* /error", () -> assertThat(status(as(tenantB, get("/error")))).isEqualTo(404));
        consoleProbes(probes);
        return probes;
    }

    /**
     * The operator console: operator B is granted tenant B only and reaches none of A's connections, runs or audit
     * rows, with A's ids, A's tenant id in the query string or the switcher, or the legacy address of A.
     */
    private void consoleProbes(Map<String, Probe> probes) {
        String page = "/admin/provider-connections";
        probes.put("GET " + page, () -> {
            String list = consoleHtml(operatorB(get(page)), 200);
            assertThat(list).doesNotContain(connectionA.toString()).doesNotContain(tenantA.toString());
            assertThat(consoleHtml(operatorB(get(page).param("tenant_id", tenantA.toString())), 404))
                    .doesNotContain(connectionA.toString());
        });
        probes.put("POST /admin/tenant-context", () -> consoleHtml(operatorB(post("/admin/tenant-context")
                .param("tenant_id", tenantA.toString()).with(csrf())), 404));
        for (String action : List.of("revoke", "sync", "health-check")) {
            probes.put("POST " + page + "/{id}/" + action, () -> {
                consoleSameAsMissing(id -> post(page + "/" + id + "/" + action).with(csrf()));
                assertThat(connectionStatus(connectionA)).isEqualTo("active");
                assertThat(jdbc.sql("SELECT count(*) FROM operation_runs WHERE target_id = :id AND started_by = :by")
                        .param("id", connectionA.toString()).param("by", "operator:isolation-" + tenantB)
                        .query(Long.class).single()).isZero();
            });
        }
        probes.put("GET " + page + "/{id}/audit", () -> consoleSameAsMissing(id -> get(page + "/" + id + "/audit")));
        probes.put("GET /admin/runs/{id}", () -> {
            UUID runOfA = UUID.randomUUID();
            jdbc.sql("INSERT INTO operation_runs (id, tenant_id, kind, status, target_id) VALUES (:id, :t,"
                    + " 'connection_health_check', 'succeeded', :target)").param("id", runOfA).param("t", tenantA)
                    .param("target", connectionA.toString()).update();
            consoleHtml(operatorB(get("/admin/runs/" + runOfA)), 404);
        });
        probes.put("GET /admin/tenants/{tenantId}/provider-connections", () -> {
            String target = api.perform(get("/admin/tenants/" + tenantA + "/provider-connections"))
                    .getHeader("Location");
            consoleHtml(operatorB(get(URI.create(target))), 404);
        });
        probes.put("GET /admin", () -> assertThat(api.perform(operatorB(get("/admin"))).getStatus()).isEqualTo(302));
        probes.put("GET /login", noConsoleData());
    }

    private static Probe noConsoleData() {
        return () -> { }; // the sign-in page shows nothing of any tenant
    }

    private MockHttpServletRequestBuilder operatorB(MockHttpServletRequestBuilder request) {
        String operator = "isolation-" + tenantB;
        jdbc.sql("INSERT INTO operator_tenant_grants (operator, tenant_id, role) VALUES (:o, :t, 'manager')"
                + " ON CONFLICT DO NOTHING").param("o", operator).param("t", tenantB).update();
        return request.with(user(operator).roles("OPERATOR"));
    }

    private String consoleHtml(MockHttpServletRequestBuilder request, int status) throws Exception {
        MockHttpServletResponse response = api.perform(request);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        return response.getContentAsString();
    }

    /** Operator B gets the same 404 page for A's connection id as for one that does not exist. */
    private void consoleSameAsMissing(java.util.function.Function<UUID, MockHttpServletRequestBuilder> request)
            throws Exception {
        String foreign = consoleHtml(operatorB(request.apply(connectionA)), 404);
        String missing = consoleHtml(operatorB(request.apply(UUID.randomUUID())), 404);
        assertThat(foreign.replaceAll("<code>[0-9a-f]{32}</code>", ""))
                .isEqualTo(missing.replaceAll("<code>[0-9a-f]{32}</code>", ""));
    }

    /** B's list is empty, filtered by A's ids too, and A's cursor is refused. */
    private void list(String path, String items, Map<String, String> filtersOfA) throws Exception {
        assertThat(api.ok(as(tenantB, get(path))).get(items)).isEmpty();
        MockHttpServletRequestBuilder filtered = as(tenantB, get(path));
        filtersOfA.forEach(filtered::param);
        assertThat(api.ok(filtered).get(items)).isEmpty();

        JsonNode pageOfA = api.ok(as(tenantA, get(path)).param("limit", "1"));
        assertThat(pageOfA.get(items)).as("A sees its own rows").hasSize(1);
        String cursorOfA = pageOfA.get("next_cursor").asString();
        JsonNode foreign = api.problem(as(tenantB, get(path)).param("limit", "1").param("cursor", cursorOfA), 400);
        assertThat(foreign.get("details").get("cursor").asString()).isEqualTo("cursor was not issued for this tenant");
    }

    /** B gets the same 404 for A's id as for an id that does not exist; A gets its row. */
    private void byId(String path, String prefix) throws Exception {
        assertThat(status(as(tenantA, get(path)))).isEqualTo(200);
        byIdWith("GET", path, prefix);
    }

    private void byIdWith(String method, String path, String prefix) throws Exception {
        String missing = path.replaceFirst(prefix + "[0-9a-f-]{36}", prefix + UUID.randomUUID());
        JsonNode foreign = notFound(as(tenantB, request(HttpMethod.valueOf(method), path)));
        JsonNode unknown = notFound(as(tenantB, request(HttpMethod.valueOf(method), missing)));
        assertThat(foreign).as("A's id is answered exactly like a missing one").isEqualTo(unknown);
    }

    private JsonNode notFound(MockHttpServletRequestBuilder request) throws Exception {
        ObjectNode problem = (ObjectNode) api.problem(request, 404);
        assertThat(problem.get("code").asString()).isEqualTo("NOT_FOUND");
        problem.remove("trace_id");
        return problem;
    }

    /** Starts a GitHub connect as {@code tenant} and completes it through the public callback. */
    private UUID connectVia(UUID tenant) throws Exception {
        String url = api.ok(as(tenant, post("/connect/github"))).get("authorize_url").asString();
        String state = URI.create(url).getQuery().replaceAll(".*(?:^|&)state=([^&]+).*", "$1");
        FakeProviders.respond(FakeProviders.GITHUB_USER, FakeProviders.json(200,
                "{\"id\":" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000) + ",\"login\":\"u\"}"));
        JsonNode connected = api.ok(get("/connect/github/callback").param("state", state).param("code", "c"));
        return UUID.fromString(connected.get("connection").get("id").asString());
    }

    private void seedTenantA() {
        FakeProviders.reset();
        tenantA = UUID.randomUUID();
        tenantB = UUID.randomUUID();
        Instant base = Fixtures.yesterday();
        connectionA = Fixtures.connection(jdbc, cipher, tenantA, "github", "active", base, "gho_of_tenant_a");
        UUID slackA = Fixtures.connection(jdbc, cipher, tenantA, "slack", "active", base.minusSeconds(1), null);
        jobA = Fixtures.job(jdbc, tenantA, connectionA, "github", "incremental", "queued", base);
        Fixtures.job(jdbc, tenantA, slackA, "slack", "webhook", "succeeded", base.minusSeconds(1));
        signalA = Fixtures.signal(jdbc, tenantA, "github", "pr_merged", connectionA, base);
        Fixtures.signal(jdbc, tenantA, "github", "pr_merged", connectionA, base.minusSeconds(1));
    }

    private int status(MockHttpServletRequestBuilder request) throws Exception {
        return api.perform(request).getStatus();
    }

    private String connectionStatus(UUID id) {
        return jdbc.sql("SELECT status FROM connections WHERE id = :id").param("id", id).query(String.class).single();
    }

    private UUID ownerOf(UUID connection) {
        return jdbc.sql("SELECT tenant_id FROM connections WHERE id = :id").param("id", connection)
                .query(UUID.class).single();
    }

    private long jobsOf(UUID connection) {
        return jdbc.sql("SELECT count(*) FROM sync_jobs WHERE connection_id = :id").param("id", connection)
                .query(Long.class).single();
    }

    private long auditRows(UUID tenant, String action) {
        return jdbc.sql("SELECT count(*) FROM audit_log WHERE tenant_id = :t AND action = :action")
                .param("t", tenant).param("action", action).query(Long.class).single();
    }
}
