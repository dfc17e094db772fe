package com.poblysh.connectors.query.jobs;

import static com.poblysh.connectors.query.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.query.ApiCalls;
import com.poblysh.connectors.query.Fixtures;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/** Sync requests and {@code /jobs} on the real schema: idempotent queuing, audit rows, filters and keyset paging. */
@QueryApiIntegrationTest
class JobsIntegrationTests extends RealSchemaTests {

    UUID connection;

    @BeforeEach
    void freshTenantWithAConnection() {
        connection = Fixtures.connection(jdbc, cipher, tenant, "github", "active", base, "gho_x");
    }

    @Test
    void queuesAnIncrementalSyncByDefaultAndAuditsTheRequest() throws Exception {
        MockHttpServletResponse response = api.perform(sync(connection));

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(202);
        JsonNode job = json.readTree(response.getContentAsString());
        assertThat(response.getHeader("Location")).isEqualTo("/jobs/" + job.get("id").asString());
        assertThat(job.get("status").asString()).isEqualTo("queued");
        assertThat(job.get("job_type").asString()).isEqualTo("incremental");
        assertThat(job.get("provider").asString()).isEqualTo("github");
        assertThat(job.get("connection_id").asString()).isEqualTo(connection.toString());
        assertThat(job.get("attempts").asInt()).isZero();
        assertThat(job.get("started_at").isNull()).isTrue();
        assertThat(json.convertValue(job, Map.class)).containsOnlyKeys("id", "provider", "connection_id", "job_type",
                "status", "attempts", "items", "scheduled_at", "started_at", "finished_at", "error");

        Map<String, Object> audit = jdbc.sql("SELECT actor, action, target_id, details::text AS details, trace_id"
                + " FROM audit_log WHERE tenant_id = :tenant").param("tenant", tenant).query().singleRow();
        assertThat(audit).containsEntry("actor", Fixtures.ACTOR).containsEntry("action", "connection.sync_requested")
                .containsEntry("target_id", connection.toString())
                .containsEntry("trace_id", response.getHeader("X-Trace-Id"));
        JsonNode details = json.readTree((String) audit.get("details"));
        assertThat(details.get("job_id").asString()).isEqualTo(job.get("id").asString());
        assertThat(details.get("created").asBoolean()).isTrue();
    }

    @Test
    void answersTheActiveJobInsteadOfQueuingASecond() throws Exception {
        JsonNode first = json.readTree(api.perform(sync(connection)).getContentAsString());

        MockHttpServletResponse again = api.perform(sync(connection));

        assertThat(again.getStatus()).isEqualTo(200);
        assertThat(json.readTree(again.getContentAsString()).get("id")).isEqualTo(first.get("id"));
        jdbc.sql("UPDATE sync_jobs SET status = 'running' WHERE id = :id")
                .param("id", UUID.fromString(first.get("id").asString())).update();
        assertThat(api.perform(sync(connection)).getStatus()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM sync_jobs WHERE connection_id = :c").param("c", connection)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE tenant_id = :t AND details->>'created' = 'false'")
                .param("t", tenant).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void queuesAFullSyncBesideAnIncrementalOneAndAgainOnceTheFirstFinished() throws Exception {
        String incremental = id(api.perform(sync(connection)));
        MockHttpServletResponse full = api.perform(sync(connection).contentType(MediaType.APPLICATION_JSON)
                .content("{\"job_type\":\"full\"}"));
        assertThat(full.getStatus()).isEqualTo(202);
        assertThat(json.readTree(full.getContentAsString()).get("job_type").asString()).isEqualTo("full");

        jdbc.sql("UPDATE sync_jobs SET status = 'succeeded' WHERE id = :id").param("id", UUID.fromString(incremental))
                .update();
        MockHttpServletResponse next = api.perform(sync(connection));

        assertThat(next.getStatus()).isEqualTo(202);
        assertThat(id(next)).isNotEqualTo(incremental);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"job_type\":\"webhook\"}", "{\"job_type\":\"replay\"}", "{\"job_type\":\"everything\"}",
            "{\"jobtype\":\"full\"}", "{not json", "[]"})
    void rejectsABodyThatDoesNotAskForFullOrIncremental(String body) throws Exception {
        JsonNode problem = api.problem(sync(connection).contentType(MediaType.APPLICATION_JSON).content(body), 400);

        assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertNoJob();
    }

    @Test
    void rejectsANonJsonBody() throws Exception {
        api.problem(sync(connection).contentType(MediaType.TEXT_PLAIN).content("full"), 415);
        assertNoJob();
    }

    @ParameterizedTest
    @ValueSource(strings = {"revoked", "error"})
    void refusesToSyncAConnectionThatIsNotActive(String status) throws Exception {
        UUID inactive = Fixtures.connection(jdbc, cipher, tenant, "jira", status, base, null);

        JsonNode problem = api.problem(sync(inactive), 409);

        assertThat(problem.get("code").asString()).isEqualTo("CONFLICT");
        assertThat(problem.get("details").get("status").asString()).isEqualTo(status);
        assertNoJob();
    }

    @Test
    void refusesToSyncAConnectionOfAProviderThatIsNotPolledInsteadOfQueuingAJobNothingRuns() throws Exception {
        UUID slack = Fixtures.connection(jdbc, cipher, tenant, "slack", "active", base, null);

        JsonNode problem = api.problem(sync(slack), 409);

        assertThat(problem.get("code").asString()).isEqualTo("CONFLICT");
        assertThat(problem.get("details").get("provider").asString()).isEqualTo("slack");
        assertNoJob();
    }

    @Test
    void answers404ForUnknownConnectionsAndJobs() throws Exception {
        api.problem(sync(UUID.randomUUID()), 404);
        api.problem(as(tenant, post("/connections/nope/sync")), 404);
        api.problem(as(tenant, get("/jobs/" + UUID.randomUUID())), 404);
        api.problem(as(tenant, get("/jobs/nope")), 404);
    }

    @Test
    void servesOneJob() throws Exception {
        UUID job = Fixtures.job(jdbc, tenant, connection, "github", "full", "failed", base);
        jdbc.sql("UPDATE sync_jobs SET error = '{\"code\": \"rate_limited\"}', attempts = 3, items = 42"
                        + " WHERE id = :id")
                .param("id", job).update();

        JsonNode served = api.ok(as(tenant, get("/jobs/" + job)));

        assertThat(served.get("status").asString()).isEqualTo("failed");
        assertThat(served.get("attempts").asInt()).isEqualTo(3);
        assertThat(served.get("items").asLong()).isEqualTo(42);
        assertThat(served.get("error").get("code").asString()).isEqualTo("rate_limited");
        assertThat(served.get("scheduled_at").asString()).isEqualTo(base.toString());
    }

    @Test
    void filtersByStatusProviderConnectionAndType() throws Exception {
        UUID slack = Fixtures.connection(jdbc, cipher, tenant, "slack", "active", base, null);
        UUID queued = Fixtures.job(jdbc, tenant, connection, "github", "incremental", "queued", base);
        UUID failed = Fixtures.job(jdbc, tenant, connection, "github", "full", "failed", base.minusSeconds(1));
        UUID webhook = Fixtures.job(jdbc, tenant, slack, "slack", "webhook", "succeeded", base.minusSeconds(2));

        assertThat(ids(api.ok(list().param("status", "queued")))).containsExactly(queued);
        assertThat(ids(api.ok(list().param("provider", "slack")))).containsExactly(webhook);
        assertThat(ids(api.ok(list().param("connection_id", connection.toString())))).containsExactly(queued, failed);
        assertThat(ids(api.ok(list().param("job_type", "full")))).containsExactly(failed);
        assertThat(ids(api.ok(list().param("status", "failed").param("provider", "github").param("job_type", "full")
                .param("connection_id", connection.toString())))).containsExactly(failed);
        assertThat(ids(api.ok(list().param("status", "running")))).isEmpty();
        assertThat(ids(api.ok(list()))).containsExactly(queued, failed, webhook);
    }

    @ParameterizedTest
    @CsvSource({"status, done", "provider, gitlab", "connection_id, 42", "job_type, nightly", "limit, 101",
            "cursor, x", "kind, pr_merged"})
    void rejectsInvalidParametersBeforeQuerying(String name, String value) throws Exception {
        assertThat(api.problem(list().param(name, value), 400).get("details").has(name)).isTrue();
    }

    @Test
    void walkingAllPagesReturnsEveryJobOnceLatestScheduledFirst() throws Exception {
        List<Row> stored = new ArrayList<>();
        for (int i = 0; i < 15; i++) { // one scheduled_at shared by many: only the id orders them
            stored.add(new Row(Fixtures.job(jdbc, tenant, connection, "github", "webhook", "succeeded", base), base));
        }
        for (int i = 1; i <= 5; i++) {
            Instant later = base.plus(i, ChronoUnit.MICROS);
            stored.add(new Row(Fixtures.job(jdbc, tenant, connection, "github", "replay", "failed", later), later));
        }
        stored.sort(Row.LIST_ORDER);

        List<JsonNode> pages = api.walk(() -> list().param("limit", "6"));

        assertThat(ApiCalls.ids("jobs", pages)).doesNotHaveDuplicates()
                .containsExactlyElementsOf(stored.stream().map(Row::id).toList());
        assertThat(pages).hasSize(4);
    }

    @Test
    void rejectsACursorReusedWithOtherFilters() throws Exception {
        for (int i = 0; i < 3; i++) {
            Fixtures.job(jdbc, tenant, connection, "github", "webhook", "succeeded", base.minusSeconds(i));
        }
        String cursor = api.ok(list().param("limit", "1")).get("next_cursor").asString();

        assertThat(api.problem(list().param("cursor", cursor).param("status", "queued"), 400).get("details")
                .get("cursor").asString()).startsWith("cursor was issued for other filters");
    }

    // --- helpers

    record Row(UUID id, Instant at) {
        static final Comparator<Row> LIST_ORDER = Comparator.comparing(Row::at)
                .thenComparing(r -> r.id().toString()).reversed();
    }

    private MockHttpServletRequestBuilder sync(UUID connectionId) {
        return as(tenant, post("/connections/" + connectionId + "/sync"));
    }

    private MockHttpServletRequestBuilder list() {
        return as(tenant, get("/jobs"));
    }

    private void assertNoJob() {
        assertThat(jdbc.sql("SELECT count(*) FROM sync_jobs WHERE tenant_id = :t").param("t", tenant)
                .query(Long.class).single()).isZero();
    }

    private String id(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString()).get("id").asString();
    }

    private static List<UUID> ids(JsonNode page) {
        return ApiCalls.ids("jobs", page);
    }
}
