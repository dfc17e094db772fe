package com.poblysh.connectors.query.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import com.poblysh.connectors.query.ApiCalls;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator endpoints of replays and redrives: tenantless, token only; starting one queues its run for a
 * signal-processor (which this test plays by writing progress), reading it shows the progress, cancelling stops it.
 */
@QueryApiIntegrationTest
class OperationsEndpointsIntegrationTests {

    @Autowired
    ApiCalls api;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aReplayIsQueuedWithItsFiltersItsProgressIsReadAndACancelStopsIt() throws Exception {
        UUID tenant = UUID.randomUUID();
        MockHttpServletResponse started = api.perform(operator(post("/operations/replays")).content("""
                {"from": "2026-03-01T00:00:00+01:00", "tenant_id": "%s", "provider": "github", "mode": "rebuild",
                 "rate": 500}""".formatted(tenant)));

        assertThat(started.getStatus()).as(started.getContentAsString()).isEqualTo(202);
        JsonNode run = json.readTree(started.getContentAsString());
        String id = run.get("id").asString();
        assertThat(started.getHeader("Location")).isEqualTo("/operations/runs/" + id);
        assertThat(run.get("kind").asString()).isEqualTo("replay");
        assertThat(run.get("status").asString()).isEqualTo("queued");
        assertThat(run.at("/filters/from").asString()).isEqualTo("2026-02-28T23:00:00Z");
        assertThat(run.at("/filters/tenant").asString()).isEqualTo(tenant.toString());
        assertThat(run.at("/filters/mode").asString()).isEqualTo("rebuild");
        assertThat(run.at("/filters/rate").asDouble()).isEqualTo(500);
        assertThat(run.at("/filters/dry_run").asBoolean()).isFalse();
        assertThat(run.at("/progress/read").asLong()).isZero();
        // The operator token's id (never the token), as in the audit log.
        assertThat(run.get("started_by").asString()).isNotBlank().doesNotContain(QueryApiIntegrationTest.TOKEN);

        // A processor takes it and reports progress in the row.
        jdbc.sql("""
                UPDATE operation_runs SET status = 'running', started_at = now(),
                       progress = '{"total": 10, "read": 4, "stored": 3, "updated": 0, "skipped": 1, "failed": 0}'
                WHERE id = ?""").param(UUID.fromString(id)).update();
        JsonNode running = api.ok(operator(get("/operations/runs/" + id)));
        assertThat(running.get("status").asString()).isEqualTo("running");
        assertThat(running.at("/progress/total").asLong()).isEqualTo(10);
        assertThat(running.at("/progress/stored").asLong()).isEqualTo(3);

        JsonNode cancelled = api.ok(operator(post("/operations/runs/" + id + "/cancel")));
        assertThat(cancelled.get("cancel_requested").asBoolean()).isTrue();
        assertThat(cancelled.get("status").asString()).isEqualTo("running");
    }

    @Test
    void aQueuedRunIsCancelledAtOnceAndAFinishedOneStaysAsItIs() throws Exception {
        JsonNode redrive = json.readTree(api.perform(operator(post("/operations/redrives")).content("""
                {"reason": "magic byte", "dry_run": true}""")).getContentAsString());
        String id = redrive.get("id").asString();
        assertThat(redrive.get("kind").asString()).isEqualTo("redrive");
        assertThat(redrive.at("/filters/dry_run").asBoolean()).isTrue();

        JsonNode cancelled = api.ok(operator(post("/operations/runs/" + id + "/cancel")));
        JsonNode again = api.ok(operator(post("/operations/runs/" + id + "/cancel")));

        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("finished_at").isNull()).isFalse();
        assertThat(again.get("status").asString()).isEqualTo("cancelled");
        assertThat(again.get("finished_at").asString()).isEqualTo(cancelled.get("finished_at").asString());
    }

    @Test
    void badRequestsAreRefusedFieldByFieldAndNothingIsQueued() throws Exception {
        long before = runs();

        JsonNode problem = api.problem(operator(post("/operations/replays")).content("""
                {"from": "yesterday", "to": "3:10", "tenant_id": "nope", "provider": "myspace", "mode": "upsert",
                 "rate": 0, "dry_run": "yes", "extra": 1}"""), 400);

        assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.get("details").propertyNames()).contains("from", "tenant_id", "provider", "mode", "rate",
                "dry_run", "extra");
        assertThat(api.problem(operator(post("/operations/replays")).content("{}"), 400).at("/details/from")
                .asString()).isEqualTo("from is required");
        assertThat(api.problem(operator(post("/operations/replays")).content("""
                {"from": "0:10", "to": "2026-01-01T00:00:00Z"}"""), 400).at("/details/to").asString())
                .contains("both");
        assertThat(runs()).isEqualTo(before);
    }

    @Test
    void anUnknownOrMalformedRunIdIsNotFoundAndTheTokenIsRequired() throws Exception {
        assertThat(api.problem(operator(get("/operations/runs/" + UUID.randomUUID())), 404).get("code").asString())
                .isEqualTo("NOT_FOUND");
        api.problem(operator(get("/operations/runs/not-a-uuid")), 404);
        api.problem(operator(post("/operations/runs/" + UUID.randomUUID() + "/cancel")), 404);
        api.problem(post("/operations/replays").contentType(MediaType.APPLICATION_JSON)
                .content("{\"from\": \"0:0\"}"), 401);
    }

    private long runs() {
        return jdbc.sql("SELECT count(*) FROM operation_runs").query(Long.class).single();
    }

    private static MockHttpServletRequestBuilder operator(MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + QueryApiIntegrationTest.TOKEN)
                .contentType(MediaType.APPLICATION_JSON);
    }
}
