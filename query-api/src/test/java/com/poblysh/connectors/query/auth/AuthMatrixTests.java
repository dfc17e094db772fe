package com.poblysh.connectors.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.poblysh.connectors.query.QueryApiIntegrationTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The auth matrix, generated from the handler mappings: every route outside the public table answers 401
 * without or with a wrong token and 400 without or with a malformed {@code X-Tenant-Id}, before any handler runs;
 * every public route answers without credentials; every console route needs a signed-in operator session.
 */
@QueryApiIntegrationTest
class AuthMatrixTests extends ServedApplicationTests {

    private static final String VALID_TENANT = "3f0c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f";
    /** Console routes answered without a session: the sign-in page and the legacy address (a redirect only). */
    private static final List<String> OPEN_CONSOLE_ROUTES = List.of("GET /login",
            "GET /admin/tenants/{tenantId}/provider-connections");

    @TestFactory
    Stream<DynamicTest> everyProtectedRouteRefusesMissingOrWrongCredentials() {
        return protectedRoutes().flatMap(route -> Stream.of(
                DynamicTest.dynamicTest(route.key() + " without token → 401", () ->
                        expect(send(route).header("X-Tenant-Id", VALID_TENANT), 401, "UNAUTHORIZED", null)),
                DynamicTest.dynamicTest(route.key() + " with a wrong token → 401", () ->
                        expect(send(route).header("Authorization", "Bearer wrong-" + QueryApiIntegrationTest.TOKEN)
                                .header("X-Tenant-Id", VALID_TENANT), 401, "UNAUTHORIZED", null)),
                DynamicTest.dynamicTest(route.key() + " with a non-bearer scheme → 401", () ->
                        expect(send(route).header("Authorization", "Basic " + QueryApiIntegrationTest.TOKEN)
                                .header("X-Tenant-Id", VALID_TENANT), 401, "UNAUTHORIZED", null))));
    }

    @TestFactory
    Stream<DynamicTest> everyTenantScopedRouteRefusesAMissingOrMalformedTenant() {
        return protectedRoutes().filter(route -> !route.isOperatorOnly()).flatMap(route -> Stream.of(
                DynamicTest.dynamicTest(route.key() + " without X-Tenant-Id → 400", () ->
                        expect(send(route).header("Authorization", "Bearer " + QueryApiIntegrationTest.TOKEN),
                                400, "VALIDATION_FAILED", "missing tenant header")),
                DynamicTest.dynamicTest(route.key() + " with a malformed X-Tenant-Id → 400", () ->
                        expect(send(route).header("Authorization", "Bearer " + QueryApiIntegrationTest.TOKEN)
                                .header("X-Tenant-Id", "not-a-uuid"), 400, "VALIDATION_FAILED",
                                "X-Tenant-Id must be a UUID"))));
    }

    /**
     * Console routes need a signed-in operator session: without one a page sends the browser to sign in and a form
     * is refused (no CSRF token), and the Core bearer token admits neither. The sign-in page and the legacy redirect
     * are open.
     */
    @TestFactory
    Stream<DynamicTest> everyConsoleRouteNeedsASignedInOperator() {
        return served().stream().filter(ServedRoutes.Route::isConsole)
                .filter(route -> !OPEN_CONSOLE_ROUTES.contains(route.key()))
                .flatMap(route -> Stream.of(
                        DynamicTest.dynamicTest(route.key() + " without a session", () -> {
                            MockHttpServletResponse response = mvc.perform(send(route)).andReturn().getResponse();
                            if (route.probeMethod().equals("GET")) {
                                assertThat(response.getStatus()).isEqualTo(302);
                                assertThat(response.getHeader("Location")).endsWith("/login");
                            } else {
                                assertThat(response.getStatus()).isEqualTo(403);
                            }
                        }),
                        DynamicTest.dynamicTest(route.key() + " with the Core bearer token → sign-in", () -> {
                            MockHttpServletResponse response = mvc.perform(send(route).with(csrf())
                                    .header("Authorization", "Bearer " + QueryApiIntegrationTest.TOKEN)
                                    .header("X-Tenant-Id", VALID_TENANT)).andReturn().getResponse();
                            assertThat(response.getStatus()).isEqualTo(302);
                            assertThat(response.getHeader("Location")).endsWith("/login");
                        })));
    }

    @TestFactory
    Stream<DynamicTest> everyOperatorRouteNeedsTheTokenButNoTenant() {
        return protectedRoutes().filter(ServedRoutes.Route::isOperatorOnly)
                .map(route -> DynamicTest.dynamicTest(route.key() + " with a token and no tenant is authorized", () -> {
                    MockHttpServletResponse response = mvc.perform(send(route)
                            .header("Authorization", "Bearer " + QueryApiIntegrationTest.TOKEN)).andReturn()
                            .getResponse();
                    assertThat(response.getStatus()).as(response.getContentAsString()).isNotIn(401, 403);
                    assertThat(response.getContentAsString()).doesNotContain("tenant header");
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyPublicRouteAnswersWithoutCredentials() {
        return served().stream().filter(ServedRoutes.Route::isPublic)
                .map(route -> DynamicTest.dynamicTest(route.key() + " is public", () -> {
                    MockHttpServletResponse response = mvc.perform(send(route)).andReturn().getResponse();
                    assertThat(response.getStatus()).as(response.getContentAsString()).isNotIn(401, 403);
                }));
    }

    @Test
    void theMatrixCoversTheApplication() {
        List<String> keys = new ArrayList<>(protectedRoutes().map(ServedRoutes.Route::key).toList());

        assertThat(keys).contains("GET /signals", "GET /signals/{id}", "GET /connections", "GET /connections/{id}",
                "DELETE /connections/{id}", "POST /connections/{id}/sync", "GET /jobs", "GET /jobs/{id}",
                "POST /connect/{provider}", "POST /operations/replays", "POST /operations/redrives",
                "GET /operations/runs/{id}", "POST /operations/runs/{id}/cancel");
        assertThat(protectedRoutes().filter(ServedRoutes.Route::isOperatorOnly).map(ServedRoutes.Route::key))
                .containsExactlyInAnyOrder("POST /operations/replays", "POST /operations/redrives",
                        "GET /operations/runs/{id}", "POST /operations/runs/{id}/cancel");
        assertThat(served().stream().filter(ServedRoutes.Route::isPublic).map(ServedRoutes.Route::key))
                .contains("GET /healthz", "GET /readyz", "GET /providers", "GET /connect/{provider}/callback",
                        "GET /v3/api-docs", "GET /v3/api-docs.yaml", "GET /swagger-ui.html");
        assertThat(keys).as("Boot's error path is not a public page").contains("* /error");
        assertThat(served().stream().filter(ServedRoutes.Route::isConsole).map(ServedRoutes.Route::key))
                .contains("GET /admin/provider-connections", "POST /admin/provider-connections/{id}/revoke",
                        "POST /admin/tenant-context", "GET /admin/runs/{id}", "GET /login");
        assertThat(keys).as("console routes are not bearer routes").noneMatch(k -> k.contains("/admin"));
    }

    private Stream<ServedRoutes.Route> protectedRoutes() {
        return served().stream().filter(route -> !route.isPublic() && !route.isConsole());
    }

    private static MockHttpServletRequestBuilder send(ServedRoutes.Route route) {
        return request(HttpMethod.valueOf(route.probeMethod()), route.samplePath());
    }

    private void expect(MockHttpServletRequestBuilder request, int status, String code, String message)
            throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(response.getContentAsString());
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("trace_id").asString()).isEqualTo(response.getHeader("X-Trace-Id"));
        if (message != null) {
            assertThat(problem.get("message").asString()).isEqualTo(message);
        }
        if (status == 401) {
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }
}
