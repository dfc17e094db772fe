package com.poblysh.connectors.query.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.UUID;

import com.poblysh.connectors.query.Fixtures;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Signing in to the console with an account from configuration (bcrypt hash, tenants and role written into
 * {@code operator_tenant_grants} at start-up): the session it opens is the only way in; the Core bearer token
 * never is, and the API keeps answering bearer requests as before.
 */
@QueryApiIntegrationTest
class ConsoleSignInTests extends RealSchemaTests {

    private static final String PAGE = "/admin/provider-connections";

    @Autowired
    MockMvc mvc;

    @Autowired
    OperatorGrants grants;

    @BeforeEach
    void configuredGrants() {
        // another test context may have started since and replaced the table with its own configuration
        grants.synchronize();
    }

    @Test
    void configurationFillsTheGrantsTable() {
        assertThat(jdbc.sql("SELECT operator || ' ' || tenant_id || ' ' || role FROM operator_tenant_grants")
                .query(String.class).list())
                .containsExactly(QueryApiIntegrationTest.CONSOLE_OPERATOR + " " + QueryApiIntegrationTest.CONSOLE_TENANT
                        + " manager");
    }

    @Test
    void signingInOpensASessionThatSeesTheGrantedTenant() throws Exception {
        UUID tenant = UUID.fromString(QueryApiIntegrationTest.CONSOLE_TENANT);
        UUID connection = Fixtures.connection(jdbc, cipher, tenant, "github", "active", Instant.now(), null);
        MockHttpServletResponse anonymous = mvc.perform(get(PAGE)).andReturn().getResponse();
        assertThat(anonymous.getStatus()).isEqualTo(302);
        assertThat(anonymous.getHeader("Location")).endsWith("/login");
        MockHttpServletResponse login = mvc.perform(get("/login")).andReturn().getResponse();
        assertThat(login.getStatus()).isEqualTo(200);
        assertThat(login.getContentAsString()).contains("<label for=\"username\">").contains("name=\"_csrf\"");

        MockHttpSession session = new MockHttpSession();
        MockHttpServletResponse signedIn = mvc.perform(post("/login").session(session).with(csrf())
                .param("username", QueryApiIntegrationTest.CONSOLE_OPERATOR)
                .param("password", QueryApiIntegrationTest.CONSOLE_PASSWORD)).andReturn().getResponse();
        assertThat(signedIn.getStatus()).isEqualTo(302);
        assertThat(signedIn.getHeader("Location")).endsWith(PAGE);

        MockHttpServletResponse page = mvc.perform(get(PAGE).session(session)).andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(ProviderConnectionsConsoleTests.rowIds(page.getContentAsString())).contains(connection);
    }

    @Test
    void aWrongPasswordOrUnknownUserDoesNotSignIn() throws Exception {
        for (String[] attempt : new String[][] {{QueryApiIntegrationTest.CONSOLE_OPERATOR, "wrong"},
                {"nobody", QueryApiIntegrationTest.CONSOLE_PASSWORD}}) {
            MockHttpServletResponse refused = mvc.perform(post("/login").with(csrf())
                    .param("username", attempt[0]).param("password", attempt[1])).andReturn().getResponse();
            assertThat(refused.getStatus()).isEqualTo(302);
            assertThat(refused.getHeader("Location")).endsWith("/login?error");
        }
    }

    @Test
    void signInWithoutCsrfTokenIsRefused() throws Exception {
        assertThat(mvc.perform(post("/login").param("username", QueryApiIntegrationTest.CONSOLE_OPERATOR)
                .param("password", QueryApiIntegrationTest.CONSOLE_PASSWORD)).andReturn().getResponse().getStatus())
                .isEqualTo(403);
    }

    @Test
    void theCoreBearerTokenNeverOpensTheConsole() throws Exception {
        MockHttpServletResponse response = mvc.perform(get(PAGE)
                .header("Authorization", "Bearer " + QueryApiIntegrationTest.TOKEN)
                .header("X-Tenant-Id", QueryApiIntegrationTest.CONSOLE_TENANT)).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(response.getHeader("Location")).endsWith("/login");
    }

    @Test
    void theApiStaysStatelessAndBearerOnly() throws Exception {
        MockHttpServletResponse api = mvc.perform(get("/connections")
                .header("Authorization", "Bearer " + QueryApiIntegrationTest.TOKEN)
                .header("X-Tenant-Id", UUID.randomUUID().toString())).andReturn().getResponse();
        assertThat(api.getStatus()).isEqualTo(200);
        assertThat(api.getCookies()).extracting(Cookie::getName).doesNotContain("JSESSIONID");
        assertThat(api.getHeader("Set-Cookie")).isNull();
        assertThat(api.getHeader("X-Frame-Options")).isNull();

        // a console session is no way into the API either
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").session(session).with(csrf())
                .param("username", QueryApiIntegrationTest.CONSOLE_OPERATOR)
                .param("password", QueryApiIntegrationTest.CONSOLE_PASSWORD));
        assertThat(mvc.perform(get("/connections").session(session)
                .header("X-Tenant-Id", QueryApiIntegrationTest.CONSOLE_TENANT)).andReturn().getResponse().getStatus())
                .isEqualTo(401);
    }
}
