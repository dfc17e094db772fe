package com.poblysh.connectors.query.connections;

import static com.poblysh.connectors.query.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.ApiCalls;
import com.poblysh.connectors.query.FakeProviders;
import com.poblysh.connectors.query.Fixtures;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/** {@code /connections} on the real schema: keyset paging, filters, the view, and revocation with its audit row. */
@QueryApiIntegrationTest
class ConnectionsIntegrationTests extends RealSchemaTests {

    @BeforeEach
    void freshTenant() {
        FakeProviders.reset();
    }

    @Test
    void anEmptyListHasANullNextCursor() throws Exception {
        assertThat(api.perform(as(tenant, get("/connections"))).getContentAsString())
                .isEqualTo("{\"connections\":[],\"next_cursor\":null}");
    }

    @Test
    void walkingAllPagesReturnsEveryConnectionOnceNewestFirst() throws Exception {
        List<Row> stored = new ArrayList<>();
        for (int i = 0; i < 17; i++) { // one created_at shared by many: only the id orders them
            stored.add(new Row(insert("github", "active", base), base));
        }
        for (int i = 1; i <= 6; i++) {
            Instant later = base.plus(i, ChronoUnit.MICROS);
            stored.add(new Row(insert("slack", "active", later), later));
            stored.add(new Row(insert("jira", "revoked", base.minusSeconds(i)), base.minusSeconds(i)));
        }
        stored.sort(Row.LIST_ORDER);

        List<UUID> served = walk(Map.of(), "4");

        assertThat(served).doesNotHaveDuplicates().containsExactlyElementsOf(stored.stream().map(Row::id).toList());
    }

    @Test
    void walksAFilteredListWithTheSameFilters() throws Exception {
        List<Row> active = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            active.add(new Row(insert("github", "active", base.minusSeconds(i)), base.minusSeconds(i)));
            insert("github", "revoked", base.minusSeconds(i));
            insert("slack", "active", base.minusSeconds(i));
        }
        active.sort(Row.LIST_ORDER);

        assertThat(walk(Map.of("provider", "github", "status", "active"), "3"))
                .containsExactlyElementsOf(active.stream().map(Row::id).toList());
    }

    @Test
    void filtersByProviderAndStatus() throws Exception {
        UUID github = insert("github", "active", base);
        UUID slackRevoked = insert("slack", "revoked", base.minusSeconds(1));
        UUID jiraError = insert("jira", "error", base.minusSeconds(2));

        assertThat(ids(api.ok(list().param("provider", "github")))).containsExactly(github);
        assertThat(ids(api.ok(list().param("status", "revoked")))).containsExactly(slackRevoked);
        assertThat(ids(api.ok(list().param("status", "error")))).containsExactly(jiraError);
        assertThat(ids(api.ok(list().param("provider", "microsoft_graph")))).isEmpty();
        assertThat(ids(api.ok(list()))).containsExactly(github, slackRevoked, jiraError);
    }

    @ParameterizedTest
    @CsvSource({"provider, gitlab", "provider, GitHub", "status, deleted", "limit, 0", "limit, 101", "cursor, garbage",
            "provder, github"})
    void rejectsInvalidParametersBeforeQuerying(String name, String value) throws Exception {
        JsonNode problem = api.problem(list().param(name, value), 400);

        assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.get("details").has(name)).isTrue();
    }

    @Test
    void rejectsACursorReusedWithOtherFiltersOrTampered() throws Exception {
        for (int i = 0; i < 3; i++) {
            insert("github", "active", base.minusSeconds(i));
        }
        String cursor = api.ok(list().param("limit", "1")).get("next_cursor").asString();
        String tampered = cursor.substring(0, 10) + (cursor.charAt(10) == 'A' ? 'B' : 'A') + cursor.substring(11);

        assertThat(api.problem(list().param("cursor", cursor).param("status", "active"), 400).get("details")
                .get("cursor").asString()).startsWith("cursor was issued for other filters");
        assertThat(api.problem(list().param("cursor", tampered), 400).get("details").get("cursor").asString())
                .isEqualTo("cursor signature is invalid");
        assertThat(ids(api.ok(list().param("cursor", cursor)))).hasSize(2);
    }

    @Test
    void servesTheConnectionWithoutAnySecret() throws Exception {
        UUID id = insert("github", "active", base);

        MockHttpServletResponse response = api.perform(as(tenant, get("/connections/" + id)));

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode connection = json.readTree(response.getContentAsString());
        assertThat(json.convertValue(connection, Map.class)).containsOnlyKeys("id", "provider", "status",
                "display_name", "external_id", "expires_at", "scopes", "metadata", "created_at", "last_synced_at",
                "last_error", "next_sync_at", "webhooks");
        assertThat(connection.get("metadata").get("login").asString()).isEqualTo("fixture");
        assertThat(connection.get("created_at").asString()).isEqualTo(base.toString());
        assertThat(response.getContentAsString()).doesNotContain("token", "secret");
    }

    @Test
    void showsTheProvisionedWebhooksWithTheirIdsRenewalAndErrorsButNoSecret() throws Exception {
        UUID id = insert("github", "active", base);
        UUID created = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connection_webhooks (id, tenant_id, connection_id, provider, target_kind, target_id,
                            target_name, external_id, api_url, secret_ciphertext, last_renewed_at, last_error, created_at)
                        VALUES (?, ?, ?, 'github', 'repository', '1296269', 'octocat/Hello-World', '12345678',
                                'https://api.github.com/repos/octocat/Hello-World/hooks/12345678', ?, ?, NULL, ?),
                               (?, ?, ?, 'github', 'repository', '1300192', 'octocat/Spoon-Knife', NULL, NULL, ?, NULL,
                                CAST(? AS jsonb), ?)""")
                .params(created, tenant, id, new byte[] {1, 2, 3}, base.plusSeconds(5).atOffset(ZoneOffset.UTC),
                        base.atOffset(ZoneOffset.UTC),
                        refused, tenant, id, new byte[] {4, 5, 6},
                        "{\"code\": \"forbidden\", \"message\": \"GitHub answered 403\", \"at\": \""
                                + base.plusSeconds(6) + "\"}", base.plusSeconds(1).atOffset(ZoneOffset.UTC))
                .update();

        MockHttpServletResponse response = api.perform(as(tenant, get("/connections/" + id)));

        JsonNode webhooks = json.readTree(response.getContentAsString()).get("webhooks");
        assertThat(webhooks).hasSize(2);
        assertThat(json.convertValue(webhooks.get(0), Map.class)).containsOnlyKeys("id", "target_kind", "target_id",
                "target", "external_id", "expires_at", "last_renewed_at", "last_error");
        assertThat(webhooks.get(0).get("id").asString()).isEqualTo(created.toString());
        assertThat(webhooks.get(0).get("external_id").asString()).isEqualTo("12345678");
        assertThat(webhooks.get(0).get("target").asString()).isEqualTo("octocat/Hello-World");
        assertThat(webhooks.get(0).get("last_renewed_at").asString()).isEqualTo(base.plusSeconds(5).toString());
        assertThat(webhooks.get(0).get("expires_at").isNull()).isTrue();
        assertThat(webhooks.get(0).get("last_error").isNull()).isTrue();
        assertThat(webhooks.get(1).get("external_id").isNull()).isTrue();
        assertThat(webhooks.get(1).get("last_error").get("code").asString()).isEqualTo("forbidden");
        assertThat(response.getContentAsString()).doesNotContain("secret", "api.github.com");
        assertThat(api.ok(as(tenant, get("/connections"))).get("connections").get(0).get("webhooks")).hasSize(2);
    }

    @Test
    void showsTheHealthOfAConnectionAfterAFailedAndAfterASucceededSync() throws Exception {
        UUID id = insert("github", "active", base);
        UUID other = UUID.randomUUID();
        UUID foreign = Fixtures.connection(jdbc, cipher, other, "github", "active", base, null);
        // what the sync engine writes when a job fails for good, and the job Core queued next
        Fixtures.job(jdbc, tenant, id, "github", "full", "failed", base.plusSeconds(1));
        recordFailure(id, "not_found", "repository octo/gone does not exist", base.plusSeconds(2));
        UUID retry = Fixtures.job(jdbc, tenant, id, "github", "incremental", "queued", base.plusSeconds(3600));

        JsonNode afterFailure = api.ok(as(tenant, get("/connections/" + id)));

        assertThat(afterFailure.get("status").asString()).isEqualTo("active");
        assertThat(afterFailure.get("last_synced_at").isNull()).isTrue();
        assertThat(afterFailure.get("last_error").get("code").asString()).isEqualTo("not_found");
        assertThat(afterFailure.get("last_error").get("message").asString())
                .isEqualTo("repository octo/gone does not exist");
        assertThat(afterFailure.get("last_error").get("at").asString()).isEqualTo(base.plusSeconds(2).toString());
        assertThat(afterFailure.get("next_sync_at").asString()).isEqualTo(base.plusSeconds(3600).toString());
        assertThat(api.ok(list()).get("connections").get(0)).isEqualTo(afterFailure);

        // what the sync engine writes when the queued job succeeds
        jdbc.sql("UPDATE sync_jobs SET status = 'succeeded' WHERE id = :id").param("id", retry).update();
        jdbc.sql("UPDATE connections SET last_synced_at = :at, last_error = NULL WHERE id = :id")
                .param("at", base.plusSeconds(3601).atOffset(ZoneOffset.UTC)).param("id", id).update();

        JsonNode afterSuccess = api.ok(as(tenant, get("/connections/" + id)));

        assertThat(afterSuccess.get("last_synced_at").asString()).isEqualTo(base.plusSeconds(3601).toString());
        assertThat(afterSuccess.get("last_error").isNull()).isTrue();
        if (ProviderCatalogue.of(Provider.GITHUB).polling()) { // due again: its last sync is a day old
            assertThat(Instant.parse(afterSuccess.get("next_sync_at").asString()))
                    .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
        } else {
            assertThat(afterSuccess.get("next_sync_at").isNull()).as("an unpolled provider syncs on request only")
                    .isTrue();
        }
        assertThat(api.problem(as(tenant, get("/connections/" + foreign)), 404).get("code").asString())
                .isEqualTo("NOT_FOUND");
        assertThat(ids(api.ok(list()))).containsExactly(id);
    }

    @Test
    void showsAConnectionWhoseRefreshTokenWasRejectedAsErrorWithTheReasonAndNoNextSync() throws Exception {
        UUID id = insert("jira", "error", base);
        recordFailure(id, "invalid_grant", "jira rejected the connection's refresh token (invalid_grant): connect "
                + "the account again", base.plusSeconds(5));
        Fixtures.job(jdbc, tenant, id, "jira", "incremental", "queued", base.plusSeconds(60));

        JsonNode connection = api.ok(as(tenant, get("/connections/" + id)));

        assertThat(connection.get("status").asString()).isEqualTo("error");
        assertThat(connection.get("last_error").get("code").asString()).isEqualTo("invalid_grant");
        assertThat(connection.get("last_error").get("message").asString()).contains("connect the account again");
        assertThat(connection.get("next_sync_at").isNull()).isTrue();
        assertThat(ids(api.ok(list().param("status", "error")))).containsExactly(id);
    }

    @Test
    void aPolledConnectionSyncsNextWhenItsQueuedJobRunsElseAnIntervalAfterItsLastSync() {
        ConnectionRepository polledGithub = new ConnectionRepository(jdbc,
                new NextSync(new ConnectionHealthProperties(Duration.ofMinutes(15)), Set.of(Provider.GITHUB)));
        TenantId owner = TenantId.of(tenant);
        Instant now = Instant.now();
        UUID fresh = insert("github", "active", base);
        UUID synced = insert("github", "active", base);
        Instant lastScheduled = now.minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        Fixtures.job(jdbc, tenant, synced, "github", "incremental", "succeeded", lastScheduled);
        UUID overdue = insert("github", "active", base);
        Fixtures.job(jdbc, tenant, overdue, "github", "incremental", "succeeded", now.minus(1, ChronoUnit.HOURS));
        UUID waiting = insert("github", "active", base);
        Instant retryAt = now.plus(7, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);
        Fixtures.job(jdbc, tenant, waiting, "github", "full", "queued", retryAt);
        UUID unpolled = insert("slack", "active", base);
        UUID revoked = insert("github", "revoked", base);

        assertThat(next(polledGithub, owner, fresh)).isBetween(now.minusSeconds(5), Instant.now().plusSeconds(5));
        assertThat(next(polledGithub, owner, synced)).isEqualTo(lastScheduled.plus(15, ChronoUnit.MINUTES));
        assertThat(next(polledGithub, owner, overdue)).isBetween(now.minusSeconds(5), Instant.now().plusSeconds(5));
        assertThat(next(polledGithub, owner, waiting)).isEqualTo(retryAt);
        assertThat(next(polledGithub, owner, unpolled)).isNull();
        assertThat(next(polledGithub, owner, revoked)).isNull();
    }

    @Test
    void answers404ForUnknownOrMalformedIds() throws Exception {
        assertThat(api.problem(as(tenant, get("/connections/" + UUID.randomUUID())), 404).get("message").asString())
                .isEqualTo("connection not found");
        api.problem(as(tenant, get("/connections/not-a-uuid")), 404);
        api.problem(as(tenant, delete("/connections/" + UUID.randomUUID())), 404);
    }

    @Test
    void revokingRevokesAtGitHubErasesSecretsFailsQueuedJobsAndAudits() throws Exception {
        UUID id = Fixtures.connection(jdbc, cipher, tenant, "github", "active", base, "gho_to_revoke");
        UUID queued = Fixtures.job(jdbc, tenant, id, "github", "incremental", "queued", base);
        UUID running = Fixtures.job(jdbc, tenant, id, "github", "full", "running", base);

        MockHttpServletResponse response = api.perform(as(tenant, delete("/connections/" + id)));

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(json.readTree(response.getContentAsString()).get("status").asString()).isEqualTo("revoked");
        Map<String, Object> row = jdbc.sql("SELECT status, access_token_ciphertext, refresh_token_ciphertext,"
                + " webhook_secret_ciphertext FROM connections WHERE id = :id").param("id", id).query().singleRow();
        assertThat(row).containsEntry("status", "revoked").containsEntry("access_token_ciphertext", null)
                .containsEntry("refresh_token_ciphertext", null).containsEntry("webhook_secret_ciphertext", null);

        RecordedRequest revoke = FakeProviders.received(FakeProviders.GITHUB_REVOKE).get(0);
        assertThat(revoke.getHeaders().get("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (FakeProviders.GITHUB_CLIENT_ID + ":gh-client-secret").getBytes(StandardCharsets.UTF_8)));
        assertThat(json.readTree(revoke.getBody().utf8()).get("access_token").asString()).isEqualTo("gho_to_revoke");

        assertThat(jobStatus(queued)).isEqualTo("failed");
        assertThat(jobStatus(running)).isEqualTo("running");

        Map<String, Object> audit = auditRow(id);
        assertThat(audit).containsEntry("actor", Fixtures.ACTOR).containsEntry("action", "connection.revoked")
                .containsEntry("target_type", "connection").containsEntry("trace_id", response.getHeader("X-Trace-Id"));
        JsonNode details = json.readTree((String) audit.get("details"));
        assertThat(details.get("provider_revoke").asString()).isEqualTo("revoked");
        assertThat(details.get("previous_status").asString()).isEqualTo("active");
        assertThat(details.get("cancelled_jobs").asInt()).isEqualTo(1);
        assertThat((String) audit.get("details")).doesNotContain("gho_to_revoke");
    }

    @Test
    void revokesLocallyAndRecordsItWhenTheProviderRevocationFails() throws Exception {
        UUID id = Fixtures.connection(jdbc, cipher, tenant, "github", "active", base, "gho_kept_at_github");
        FakeProviders.respond(FakeProviders.GITHUB_REVOKE, FakeProviders.json(500, "{}"));

        assertThat(api.perform(as(tenant, delete("/connections/" + id))).getStatus()).isEqualTo(200);

        assertThat(jdbc.sql("SELECT status FROM connections WHERE id = :id").param("id", id).query(String.class)
                .single()).isEqualTo("revoked");
        JsonNode details = json.readTree((String) auditRow(id).get("details"));
        assertThat(details.get("provider_revoke").asString()).isEqualTo("failed");
        assertThat(details.get("provider_status").asInt()).isEqualTo(500);
        assertThat(details.get("upstream_error").asString()).isEqualTo("http_500");
    }

    @Test
    void revokesSlackTokensWithAuthRevoke() throws Exception {
        UUID id = Fixtures.connection(jdbc, cipher, tenant, "slack", "active", base, "xoxb-to-revoke");

        api.perform(as(tenant, delete("/connections/" + id)));

        assertThat(FakeProviders.received(FakeProviders.SLACK_REVOKE).get(0).getHeaders().get("Authorization"))
                .isEqualTo("Bearer xoxb-to-revoke");
        assertThat(providerRevoke(id)).isEqualTo("revoked");
    }

    @Test
    void revokingAJiraConnectionDeletesItsWebhooksByIdAtTheSitesWebhookCollection() throws Exception {
        UUID id = Fixtures.connection(jdbc, cipher, tenant, "jira", "active", base, "jira-token-to-revoke");
        String collection = "/ex/jira/" + id + "/rest/api/3/webhook";
        FakeProviders.respond("DELETE " + collection, FakeProviders.json(202, ""));
        jdbc.sql("""
                        INSERT INTO connection_webhooks (id, tenant_id, connection_id, provider, target_kind, target_id,
                            target_name, external_id, api_url, secret_ciphertext, expires_at)
                        VALUES (?, ?, ?, 'jira', 'site', ?, 'https://acme.atlassian.net', '1042', ?, ?, ?)""")
                .params(UUID.randomUUID(), tenant, id, id.toString(), FakeProviders.baseUrl() + collection,
                        new byte[] {1}, base.plusSeconds(30 * 86400).atOffset(ZoneOffset.UTC))
                .update();

        JsonNode shown = api.ok(as(tenant, get("/connections/" + id))).get("webhooks").get(0);
        assertThat(shown.get("target_kind").asString()).isEqualTo("site");
        assertThat(shown.get("external_id").asString()).isEqualTo("1042");
        assertThat(shown.get("expires_at").asString()).isEqualTo(base.plusSeconds(30 * 86400).toString());

        assertThat(api.perform(as(tenant, delete("/connections/" + id))).getStatus()).isEqualTo(200);

        RecordedRequest deleted = FakeProviders.received("DELETE " + collection).get(0);
        assertThat(deleted.getHeaders().get("Authorization")).isEqualTo("Bearer jira-token-to-revoke");
        assertThat(deleted.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(json.readTree(deleted.getBody().utf8()).toString()).isEqualTo("{\"webhookIds\":[1042]}");
        assertThat(jdbc.sql("SELECT count(*) FROM connection_webhooks WHERE connection_id = :id").param("id", id)
                .query(Long.class).single()).isZero();
        assertThat(json.readTree(jdbc.sql("SELECT progress::text FROM operation_runs WHERE kind = 'webhook_teardown'"
                        + " AND target_id = :id").param("id", id.toString()).query(String.class).single())
                .at("/actions/0/action").asString()).isEqualTo("deleted");
    }

    @Test
    void recordsThatJiraHasNoRevocationEndpoint() throws Exception {
        UUID id = Fixtures.connection(jdbc, cipher, tenant, "jira", "active", base, "jira-token");

        api.perform(as(tenant, delete("/connections/" + id)));

        assertThat(providerRevoke(id)).isEqualTo("not_supported");
    }

    @Test
    void revokingTwiceIsIdempotent() throws Exception {
        UUID id = Fixtures.connection(jdbc, cipher, tenant, "github", "active", base, "gho_once");
        api.perform(as(tenant, delete("/connections/" + id)));

        MockHttpServletResponse again = api.perform(as(tenant, delete("/connections/" + id)));

        assertThat(again.getStatus()).isEqualTo(200);
        assertThat(FakeProviders.received(FakeProviders.GITHUB_REVOKE)).hasSize(1);
        List<String> details = jdbc.sql("SELECT details::text FROM audit_log WHERE tenant_id = :tenant ORDER BY id")
                .param("tenant", tenant).query(String.class).list();
        assertThat(details).hasSize(2);
        assertThat(json.readTree(details.get(1)).get("provider_revoke").asString()).isEqualTo("no_token");
        assertThat(json.readTree(details.get(1)).get("previous_status").asString()).isEqualTo("revoked");
    }

    // --- helpers

    record Row(UUID id, Instant createdAt) {
        /** created_at DESC, then id DESC as PostgreSQL orders uuid (unsigned bytes = canonical text). */
        static final Comparator<Row> LIST_ORDER = Comparator.comparing(Row::createdAt)
                .thenComparing(r -> r.id().toString()).reversed();
    }

    /** What the revocation's audit row says the provider answered. */
    private String providerRevoke(UUID connection) {
        return json.readTree((String) auditRow(connection).get("details")).get("provider_revoke").asString();
    }

    /** {@code last_error} as the sync engine and the token refresher write it. */
    private void recordFailure(UUID connection, String code, String message, Instant at) {
        jdbc.sql("UPDATE connections SET last_error = jsonb_build_object('code', CAST(:code AS text), 'message', "
                        + "CAST(:message AS text), 'at', CAST(:at AS text)) WHERE id = :id")
                .param("code", code).param("message", message).param("at", at.toString()).param("id", connection)
                .update();
    }

    private static Instant next(ConnectionRepository repository, TenantId tenant, UUID id) {
        return repository.find(tenant, id).orElseThrow().nextSyncAt();
    }

    private UUID insert(String provider, String status, Instant createdAt) {
        return Fixtures.connection(jdbc, cipher, tenant, provider, status, createdAt, null);
    }

    private List<UUID> walk(Map<String, String> filters, String limit) throws Exception {
        return ApiCalls.ids("connections", api.walk(() -> {
            MockHttpServletRequestBuilder request = list().param("limit", limit);
            filters.forEach(request::param);
            return request;
        }));
    }

    private MockHttpServletRequestBuilder list() {
        return as(tenant, get("/connections"));
    }

    private String jobStatus(UUID job) {
        return jdbc.sql("SELECT status FROM sync_jobs WHERE id = :id").param("id", job).query(String.class).single();
    }

    private Map<String, Object> auditRow(UUID connection) {
        return jdbc.sql("SELECT actor, action, target_type, details::text AS details, trace_id FROM audit_log"
                        + " WHERE tenant_id = :tenant AND target_id = :id ORDER BY id DESC LIMIT 1")
                .param("tenant", tenant).param("id", connection.toString()).query().singleRow();
    }

    private static List<UUID> ids(JsonNode page) {
        return ApiCalls.ids("connections", page);
    }
}
