package com.poblysh.connectors.query.connect;

import static com.poblysh.connectors.query.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.poblysh.connectors.query.FakeProviders;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The OAuth connect flow on the real database, with the providers' token and user endpoints played by
 * {@link FakeProviders}: authorize URLs, state binding and single use, PKCE, the exchange, and every failure answer.
 */
@QueryApiIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ConnectFlowIntegrationTests extends RealSchemaTests {

    UUID tenant;

    @BeforeEach
    void freshTenantAndProviders() {
        tenant = UUID.randomUUID();
        FakeProviders.reset();
    }

    @Test
    void handsOutAnHttpsGitHubAuthorizeUrlWithStateAndPkce() throws Exception {
        MockHttpServletResponse response = api.perform(as(tenant, post("/connect/github")));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        String url = json.readTree(response.getContentAsString()).get("authorize_url").asString();
        URI uri = URI.create(url);
        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).isEqualTo("github.com");
        assertThat(uri.getPath()).isEqualTo("/login/oauth/authorize");
        assertThat(uri.getRawFragment()).isNull();
        assertThat(url.length()).isLessThanOrEqualTo(2048);
        Map<String, String> query = query(url);
        assertThat(query).containsEntry("response_type", "code")
                .containsEntry("client_id", FakeProviders.GITHUB_CLIENT_ID)
                .containsEntry("redirect_uri", "https://connectors.example.test/connect/github/callback")
                .containsEntry("scope", "repo read:org read:user")
                .containsEntry("code_challenge_method", "S256");
        assertThat(query.get("state")).matches("[A-Za-z0-9_-]{43}");
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void storesOnlyTheStateHashBoundToTenantAndProviderForTenMinutes() throws Exception {
        String state = query(start("github")).get("state");

        Map<String, Object> row = jdbc.sql("SELECT tenant_id, provider, consumed_at,"
                        + " extract(epoch FROM expires_at - created_at) AS ttl_seconds,"
                        + " code_verifier_ciphertext FROM oauth_states WHERE state_hash = :hash")
                .param("hash", Pkce.sha256(state)).query().singleRow();

        assertThat(row.get("tenant_id")).isEqualTo(tenant);
        assertThat(row.get("provider")).isEqualTo("github");
        assertThat(row.get("consumed_at")).isNull();
        assertThat(((Number) row.get("ttl_seconds")).intValue()).isEqualTo(600);
        assertThat(new String((byte[]) row.get("code_verifier_ciphertext"), StandardCharsets.ISO_8859_1))
                .as("the verifier is sealed").doesNotContain(state);
        assertThat(jdbc.sql("SELECT count(*) FROM oauth_states WHERE state_hash = :raw")
                .param("raw", state.getBytes(StandardCharsets.US_ASCII)).query(Long.class).single()).isZero();
    }

    @Test
    void jiraAsksForTheApiAudienceAndConsentWithoutPkce() throws Exception {
        Map<String, String> query = query(start("jira"));

        assertThat(query).containsEntry("audience", "api.atlassian.com").containsEntry("prompt", "consent")
                .containsEntry("scope", "read:jira-work read:jira-user manage:jira-webhook offline_access")
                .doesNotContainKeys("code_challenge", "code_challenge_method");
    }

    @Test
    void microsoftUsesPkceAndQueryResponseMode() throws Exception {
        String url = start("microsoft_graph");

        assertThat(URI.create(url).getHost()).isEqualTo("login.microsoftonline.com");
        assertThat(query(url)).containsEntry("response_mode", "query").containsEntry("code_challenge_method", "S256")
                .containsKey("code_challenge");
    }

    @Test
    void answers503NamingTheVariablesWhenAProviderIsNotConfigured() throws Exception {
        JsonNode problem = api.problem(as(tenant, post("/connect/slack")), 503);

        assertThat(problem.get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(problem.get("message").asString())
                .contains("POBLYSH_SLACK_CLIENT_ID", "POBLYSH_SLACK_CLIENT_SECRET");
        assertThat(problem.get("details").get("provider").asString()).isEqualTo("slack");
    }

    @Test
    void answers404ForAnUnknownProvider() throws Exception {
        assertThat(api.problem(as(tenant, post("/connect/gitlab")), 404).get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(api.problem(get("/connect/gitlab/callback").param("state", "x").param("code", "y"), 404)
                .get("code").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void exchangesTheCodeWithTheVerifierAndStoresTheConnectionForTheStatesTenant() throws Exception {
        Map<String, String> authorize = query(start("github"));

        MockHttpServletResponse response = api.perform(callback("github", authorize.get("state"), "code-123"));

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonNode connection = json.readTree(response.getContentAsString()).get("connection");
        assertThat(connection.get("provider").asString()).isEqualTo("github");
        assertThat(connection.get("status").asString()).isEqualTo("active");
        assertThat(connection.get("external_id").asString()).isEqualTo("4242");
        assertThat(connection.get("display_name").asString()).isEqualTo("octocat");
        assertThat(connection.get("metadata").get("login").asString()).isEqualTo("octocat");
        assertThat(connection.get("expires_at").isNull()).isTrue();
        assertThat(response.getContentAsString()).doesNotContain("gho_fake_access_token");

        RecordedRequest token = FakeProviders.received(FakeProviders.GITHUB_TOKEN).get(0);
        Map<String, String> form = form(token);
        assertThat(form).containsEntry("code", "code-123")
                .containsEntry("client_id", FakeProviders.GITHUB_CLIENT_ID)
                .containsEntry("client_secret", "gh-client-secret")
                .containsEntry("redirect_uri", authorize.get("redirect_uri"));
        assertThat(Pkce.challenge(form.get("code_verifier"))).as("verifier matches the challenge sent to GitHub")
                .isEqualTo(authorize.get("code_challenge"));
        assertThat(FakeProviders.received(FakeProviders.GITHUB_USER).get(0).getHeaders().get("Authorization"))
                .isEqualTo("Bearer gho_fake_access_token");

        UUID id = UUID.fromString(connection.get("id").asString());
        Map<String, Object> row = jdbc.sql("SELECT tenant_id, access_token_ciphertext FROM connections WHERE id = :id")
                .param("id", id).query().singleRow();
        assertThat(row.get("tenant_id")).isEqualTo(tenant);
        byte[] sealed = (byte[]) row.get("access_token_ciphertext");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("gho_fake_access_token");
        assertThat(cipher.decrypt(sealed, "connections:" + id + ":access_token")).isEqualTo("gho_fake_access_token");
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE tenant_id = :tenant AND target_id = :id")
                .param("tenant", tenant).param("id", id.toString()).query(String.class).list())
                .containsExactly("connection.created");
        assertThat(api.perform(as(tenant, get("/connections/" + id))).getStatus()).isEqualTo(200);
    }

    @Test
    void reconnectingTheSameAccountReactivatesTheSameConnection() throws Exception {
        UUID first = connect("github");
        jdbc.sql("UPDATE connections SET status = 'revoked', access_token_ciphertext = NULL, last_error = "
                        + "'{\"code\": \"invalid_grant\", \"message\": \"connect again\", \"at\": "
                        + "\"2030-01-01T00:00:00Z\"}'::jsonb WHERE id = :id")
                .param("id", first).update();

        JsonNode reconnected = connectBody("github");
        UUID second = UUID.fromString(reconnected.get("id").asString());

        assertThat(reconnected.has("last_synced_at") && reconnected.has("next_sync_at")).isTrue();
        assertThat(reconnected.get("last_error").isNull()).isTrue();
        assertThat(second).isEqualTo(first);
        assertThat(jdbc.sql("SELECT status FROM connections WHERE id = :id").param("id", first).query(String.class)
                .single()).isEqualTo("active");
        assertThat(api.ok(as(tenant, get("/connections/" + first))).get("last_error").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM connections WHERE tenant_id = :tenant").param("tenant", tenant)
                .query(Long.class).single()).isEqualTo(1);
    }

    /** docs/runbooks/reconnect-connection-in-error.md, step by step. */
    @Test
    void aConnectionInErrorIsFoundByItsStatusAndConnectingAgainMakesItActiveWithNewTokens() throws Exception {
        UUID broken = connect("github");
        jdbc.sql("UPDATE connections SET status = 'error', last_error = '{\"code\": \"invalid_grant\", "
                        + "\"message\": \"github refused the refresh token (bad_refresh_token): connect the account "
                        + "again\", \"at\": \"2030-01-01T00:00:00Z\"}'::jsonb WHERE id = :id")
                .param("id", broken).update();

        JsonNode inError = api.ok(as(tenant, get("/connections").param("status", "error")));
        assertThat(inError.get("connections")).hasSize(1);
        assertThat(inError.get("connections").get(0).get("id").asString()).isEqualTo(broken.toString());
        assertThat(inError.get("connections").get(0).get("last_error").get("code").asString())
                .isEqualTo("invalid_grant");

        UUID again = UUID.fromString(connectBody("github").get("id").asString());

        assertThat(again).isEqualTo(broken);
        JsonNode connection = api.ok(as(tenant, get("/connections/" + broken)));
        assertThat(connection.get("status").asString()).isEqualTo("active");
        assertThat(connection.get("last_error").isNull()).isTrue();
        assertThat(api.ok(as(tenant, get("/connections").param("status", "error"))).get("connections")).isEmpty();
        byte[] access = jdbc.sql("SELECT access_token_ciphertext FROM connections WHERE id = :id").param("id", broken)
                .query(byte[].class).single();
        assertThat(cipher.decrypt(access, "connections:" + broken + ":access_token")).isNotBlank();
    }

    @Test
    void storesJiraSiteRefreshTokenAndExpiry() throws Exception {
        Instant before = Instant.now();
        JsonNode connection = connectBody("jira");

        assertThat(connection.get("external_id").asString()).isEqualTo("1324a887-45db-1bf4-1e99-ef0ff456d421");
        assertThat(connection.get("display_name").asString()).isEqualTo("acme");
        assertThat(connection.get("metadata").get("site_url").asString()).isEqualTo("https://acme.atlassian.net");
        assertThat(Instant.parse(connection.get("expires_at").asString()))
                .isBetween(before.plusSeconds(3590), Instant.now().plusSeconds(3610));
        assertThat(json.convertValue(connection.get("scopes"), java.util.List.class))
                .containsExactly("read:jira-work", "offline_access");
        RecordedRequest token = FakeProviders.received(FakeProviders.JIRA_TOKEN).get(0);
        JsonNode body = json.readTree(token.getBody().utf8());
        assertThat(body.get("grant_type").asString()).isEqualTo("authorization_code");
        assertThat(body.get("client_secret").asString()).isEqualTo("jira-client-secret");
        assertThat(body.has("code_verifier")).isFalse();
        UUID id = UUID.fromString(connection.get("id").asString());
        byte[] refresh = jdbc.sql("SELECT refresh_token_ciphertext FROM connections WHERE id = :id").param("id", id)
                .query(byte[].class).single();
        assertThat(cipher.decrypt(refresh, "connections:" + id + ":refresh_token"))
                .isEqualTo("jira_fake_refresh_token");
        assertThat(bindings(id)).containsExactlyInAnyOrder("cloud=1324a887-45db-1bf4-1e99-ef0ff456d421",
                "site=acme.atlassian.net");
    }

    @Test
    void bindsAJiraConnectionToEverySiteTheGrantReachesOnceAcrossReconnects() throws Exception {
        FakeProviders.respond(FakeProviders.JIRA_SITES, FakeProviders.json(200, TWO_SITES));
        FakeProviders.respond(FakeProviders.JIRA_SITES, FakeProviders.json(200, TWO_SITES));

        UUID first = connect("jira");
        UUID again = connect("jira");

        assertThat(again).isEqualTo(first);
        assertThat(bindings(first)).containsExactlyInAnyOrder("cloud=1324a887-45db-1bf4-1e99-ef0ff456d421",
                "site=acme.atlassian.net", "cloud=5a6b7c8d-0000-4000-8000-000000000002", "site=globex.atlassian.net");
    }

    @Test
    void identifiesTheMicrosoftGraphUser() throws Exception {
        JsonNode connection = connectBody("microsoft_graph");

        assertThat(connection.get("external_id").asString()).isEqualTo("87d349ed-44d7-43e1-9a83-5f2406dee5bd");
        assertThat(connection.get("display_name").asString()).isEqualTo("Ada Lovelace");
        assertThat(connection.get("metadata").get("user_principal_name").asString()).isEqualTo("ada@contoso.com");
        assertThat(form(FakeProviders.received(FakeProviders.MICROSOFT_TOKEN).get(0))).containsKey("code_verifier")
                .containsEntry("grant_type", "authorization_code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "not*a*state*of*43*characters*xxxxxxxxxxxxx"})
    void rejectsAnUnknownStateAsInvalid(String state) throws Exception {
        assertStateProblem(callback("github", state, "code"), "state_invalid");
        assertThat(FakeProviders.received(FakeProviders.GITHUB_TOKEN)).isEmpty();
    }

    @Test
    void rejectsAMissingStateAsInvalid() throws Exception {
        assertStateProblem(get("/connect/github/callback").param("code", "code"), "state_invalid");
    }

    @Test
    void aStateWorksOnceOnly() throws Exception {
        String state = query(start("github")).get("state");
        assertThat(api.perform(callback("github", state, "code")).getStatus()).isEqualTo(200);

        assertStateProblem(callback("github", state, "code"), "state_reused");
        assertThat(FakeProviders.received(FakeProviders.GITHUB_TOKEN)).hasSize(1);
    }

    @Test
    void rejectsAnExpiredState() throws Exception {
        String state = query(start("github")).get("state");
        jdbc.sql("UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE state_hash = :hash")
                .param("hash", Pkce.sha256(state)).update();

        assertStateProblem(callback("github", state, "code"), "state_expired");
        assertThat(FakeProviders.received(FakeProviders.GITHUB_TOKEN)).isEmpty();
    }

    @Test
    void rejectsAStateIssuedForAnotherProviderAndBurnsIt() throws Exception {
        String state = query(start("github")).get("state");

        assertStateProblem(callback("jira", state, "code"), "csrf_validation_failed");
        assertStateProblem(callback("github", state, "code"), "state_reused");
        assertThat(FakeProviders.received(FakeProviders.JIRA_TOKEN)).isEmpty();
        assertThat(FakeProviders.received(FakeProviders.GITHUB_TOKEN)).isEmpty();
    }

    @Test
    void reportsTheProvidersDenialAndConsumesTheState() throws Exception {
        String state = query(start("github")).get("state");

        JsonNode problem = api.problem(get("/connect/github/callback").param("state", state)
                .param("error", "access_denied")
                .param("error_description", "The user has denied your application access."), 400);

        assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.get("details").get("provider_error").asString()).isEqualTo("access_denied");
        assertStateProblem(callback("github", state, "code"), "state_reused");
        assertThat(FakeProviders.received(FakeProviders.GITHUB_TOKEN)).isEmpty();
    }

    @Test
    void requiresTheCode() throws Exception {
        String state = query(start("github")).get("state");

        JsonNode problem = api.problem(get("/connect/github/callback").param("state", state), 400);

        assertThat(problem.get("details").get("code").asString()).isEqualTo("code is required");
    }

    @Test
    void answers502WithTheUpstreamStatusWhenTheTokenEndpointFails() throws Exception {
        FakeProviders.respond(FakeProviders.GITHUB_TOKEN, FakeProviders.json(503, "{\"message\":\"unavailable\"}"));

        JsonNode details = githubCallbackProviderError();

        assertThat(details.get("provider").asString()).isEqualTo("github");
        assertThat(details.get("status").asInt()).isEqualTo(503);
        assertThat(details.get("upstream_error").asString()).isEqualTo("http_503");
        assertNoConnection();
    }

    @Test
    void answers502ForAnAnswerThatIsNotJson() throws Exception {
        FakeProviders.respond(FakeProviders.GITHUB_TOKEN, new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "text/html").body("<html>maintenance</html>").build());

        JsonNode details = githubCallbackProviderError();

        assertThat(details.get("status").asInt()).isEqualTo(200);
        assertThat(details.get("upstream_error").asString()).isEqualTo("invalid_response");
        assertNoConnection();
    }

    @Test
    void answers502WithoutStatusWhenTheProviderTimesOut() throws Exception {
        FakeProviders.respond(FakeProviders.GITHUB_TOKEN, new MockResponse.Builder().code(200)
                .headersDelay(3, TimeUnit.SECONDS).body("{}").build());

        JsonNode details = githubCallbackProviderError();

        assertThat(details.get("status").isNull()).isTrue();
        assertThat(details.get("upstream_error").asString()).isEqualTo("timeout");
        assertNoConnection();
    }

    @Test
    void answers502WithTheProvidersErrorCodeWhenItRefusesTheApp() throws Exception {
        FakeProviders.respond(FakeProviders.GITHUB_TOKEN, FakeProviders.json(200,
                "{\"error\":\"incorrect_client_credentials\",\"error_description\":\"The client_id and/or client_secret"
                        + " passed are incorrect.\"}"));

        JsonNode details = githubCallbackProviderError();

        assertThat(details.get("upstream_error").asString()).isEqualTo("incorrect_client_credentials");
    }

    @Test
    void answers400WhenTheProviderRejectsTheCode() throws Exception {
        FakeProviders.respond(FakeProviders.GITHUB_TOKEN, FakeProviders.json(200,
                "{\"error\":\"bad_verification_code\",\"error_description\":\"The code passed is incorrect or "
                        + "expired.\"}"));

        JsonNode problem = api.problem(callback("github", query(start("github")).get("state"), "stale"), 400);

        assertThat(problem.get("details").get("error_type").asString()).isEqualTo("code_rejected");
        assertThat(problem.get("details").get("provider_error").asString()).isEqualTo("bad_verification_code");
        assertNoConnection();
    }

    @Test
    void answers502WhenTheAccountCannotBeRead() throws Exception {
        FakeProviders.respond(FakeProviders.GITHUB_USER, FakeProviders.json(500, "{}"));

        JsonNode details = githubCallbackProviderError();

        assertThat(details.get("status").asInt()).isEqualTo(500);
        assertNoConnection();
    }

    @Test
    void neverLogsTokensSecretsOrCodes(CapturedOutput output) throws Exception {
        connect("github");
        connect("jira");
        FakeProviders.respond(FakeProviders.GITHUB_TOKEN, FakeProviders.json(502, "{\"access_token\":\"leaky\"}"));
        providerError(callback("github", query(start("github")).get("state"), "secret-code-value"));

        assertThat(output.getAll()).doesNotContain("gho_fake_access_token", "jira_fake_access_token",
                "jira_fake_refresh_token", "gh-client-secret", "jira-client-secret", "secret-code-value", "leaky");
        assertThat(output.getAll()).contains("OAuth exchange with github failed: status=502 upstream_error=http_502");
    }

    // --- helpers

    private String start(String provider) throws Exception {
        return api.ok(as(tenant, post("/connect/" + provider))).get("authorize_url").asString();
    }

    private UUID connect(String provider) throws Exception {
        return UUID.fromString(connectBody(provider).get("id").asString());
    }

    private static final String TWO_SITES = "[{\"id\":\"1324a887-45db-1bf4-1e99-ef0ff456d421\",\"name\":\"acme\","
            + "\"url\":\"https://acme.atlassian.net\"},{\"id\":\"5a6b7c8d-0000-4000-8000-000000000002\","
            + "\"name\":\"globex\",\"url\":\"https://Globex.atlassian.net\"}]";

    /** The connection's bindings as {@code kind=value}. */
    private java.util.List<String> bindings(UUID connection) {
        return jdbc.sql("SELECT kind || '=' || value FROM connection_bindings WHERE tenant_id = :tenant"
                        + " AND connection_id = :id AND provider = 'jira'")
                .param("tenant", tenant).param("id", connection).query(String.class).list();
    }

    private JsonNode connectBody(String provider) throws Exception {
        return api.ok(callback(provider, query(start(provider)).get("state"), "code")).get("connection");
    }

    private static MockHttpServletRequestBuilder callback(String provider, String state, String code) {
        return get("/connect/" + provider + "/callback").param("state", state).param("code", code);
    }

    private void assertStateProblem(MockHttpServletRequestBuilder request, String errorType) throws Exception {
        JsonNode problem = api.problem(request, 400);
        assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.get("details").get("error_type").asString()).isEqualTo(errorType);
    }

    /** A GitHub connect flow started and called back with a code: the 502's details. */
    private JsonNode githubCallbackProviderError() throws Exception {
        return providerError(callback("github", query(start("github")).get("state"), "code"));
    }

    private JsonNode providerError(MockHttpServletRequestBuilder request) throws Exception {
        JsonNode problem = api.problem(request, 502);
        assertThat(problem.get("code").asString()).isEqualTo("PROVIDER_ERROR");
        return problem.get("details");
    }

    private void assertNoConnection() {
        assertThat(jdbc.sql("SELECT count(*) FROM connections WHERE tenant_id = :tenant").param("tenant", tenant)
                .query(Long.class).single()).isZero();
    }

    private static Map<String, String> query(String url) {
        return decode(URI.create(url).getRawQuery());
    }

    private static Map<String, String> form(RecordedRequest request) {
        return decode(request.getBody().utf8());
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

}
