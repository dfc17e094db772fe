package com.poblysh.connectors.ingest.jobs;

import static com.poblysh.connectors.ingest.jobs.SyncBench.drain;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The engine's {@code provision} and {@code redeliver} jobs: queued by the scheduler (provision for a just connected
 * connection, redeliver only for one with a created hook), each run an {@code operation_runs} row with what it did,
 * a failure retried with backoff and shown as the connection's {@code last_error} without changing its status.
 */
@IngestIntegrationTest
class WebhookJobsIntegrationTests extends JobsEngineTests {

    UUID connection;
    final List<PollException> failures = new ArrayList<>();
    final List<SyncType> ran = new ArrayList<>();

    @BeforeEach
    void aGithubConnection() {
        bench.execute("UPDATE sync_jobs SET status = 'failed' WHERE job_type IN ('provision', 'redeliver')"
                + " AND status IN ('queued', 'running')");
        connection = bench.connection(tenant, Provider.GITHUB, "active");
    }

    @Test
    void aJustConnectedConnectionGetsAProvisionJobAndARedeliverJobOnlyOnceItHasAHook() {
        SyncEngine engine = engine();

        engine.schedule();

        assertThat(bench.jobsOf(tenant)).extracting(j -> j.get("job_type")).containsExactly("provision");
        bench.execute("UPDATE sync_jobs SET status = 'succeeded' WHERE tenant_id = ?", tenant);
        bench.execute("""
                INSERT INTO connection_webhooks (id, tenant_id, connection_id, provider, target_kind, target_id,
                                                 target_name, external_id, secret_ciphertext)
                VALUES (?, ?, ?, 'github', 'repository', '1', 'o/r', '7', ?)""", UUID.randomUUID(), tenant,
                connection, new byte[] {0});
        engine.schedule();
        assertThat(bench.jobsOf(tenant)).extracting(j -> j.get("job_type"))
                .containsExactlyInAnyOrder("provision", "redeliver");
        // within the intervals nothing more is queued
        engine.schedule();
        assertThat(bench.jobsOf(tenant)).hasSize(2);
    }

    @Test
    void aProvisionerWithoutARedeliveryApiGetsProvisionJobsButNoRedeliverJobs() {
        UUID jira = bench.connection(tenant, Provider.JIRA, "active");
        WebhookProvisioner noRedelivery = new WebhookProvisioner() {
            @Override
            public Provider provider() {
                return Provider.JIRA;
            }

            @Override
            public Duration reconcileInterval() {
                return Duration.ofHours(6);
            }

            @Override
            public Optional<Duration> redeliverInterval() {
                return Optional.empty();
            }

            @Override
            public List<Map<String, Object>> provision(PollContext context) {
                return List.of();
            }
        };
        SyncEngine engine = new SyncEngine(SyncBench.PROPERTIES, "test-webhooks/" + UUID.randomUUID().toString()
                .substring(0, 8), jdbc, transactions, json, publisher, Map.of(), Map.of(Provider.JIRA, noRedelivery),
                CredentialRefresher.NONE, clock, meters);
        bench.execute("""
                INSERT INTO connection_webhooks (id, tenant_id, connection_id, provider, target_kind, target_id,
                                                 target_name, external_id, secret_ciphertext)
                VALUES (?, ?, ?, 'jira', 'site', 'c1', 'https://acme.atlassian.net', '7', ?)""", UUID.randomUUID(),
                tenant, jira, new byte[] {0});

        engine.schedule();
        clock.advance(Duration.ofHours(1));
        engine.schedule();

        assertThat(bench.jobsOf(tenant)).extracting(j -> j.get("job_type")).containsExactly("provision");
    }

    @Test
    void aFailedProvisionIsRetriedWithBackoffAndShownAsTheConnectionsErrorUntilOneSucceeds() {
        SyncEngine engine = engine();
        UUID job = queue(connection, SyncType.PROVISION);
        failures.add(PollException.transientFailure("http_502", "GitHub answered 502", null));

        drain(engine);

        Map<String, Object> retried = bench.job(job);
        assertThat(retried).containsEntry("status", "queued");
        assertThat(retried.get("retry_after")).isNotNull();
        JsonNode error = lastError();
        assertThat(error.path("code").asString()).isEqualTo("http_502");
        assertThat(error.path("job_type").asString()).isEqualTo("provision");
        assertThat(status()).isEqualTo("active");
        assertThat(runs(job)).extracting(r -> r.get("status")).containsExactly("failed");

        clock.advance(Duration.ofHours(1));
        drain(engine);

        assertThat(bench.job(job)).containsEntry("status", "succeeded").containsEntry("items", 1L);
        assertThat(lastError()).isNull();
        List<Map<String, Object>> runs = runs(job);
        assertThat(runs).extracting(r -> r.get("kind")).containsOnly("webhook_provision");
        assertThat(runs).extracting(r -> r.get("status")).containsExactly("failed", "succeeded");
        JsonNode progress = json.readTree((String) runs.get(1).get("progress"));
        assertThat(progress.path("actions").get(0).path("action").asString()).isEqualTo("created");
        assertThat(progress.path("items").asInt()).isEqualTo(1);
    }

    @Test
    void aRefusedTokenFailsTheJobWithoutPuttingTheConnectionInErrorAndASyncErrorStays() {
        SyncEngine engine = engine();
        bench.execute("UPDATE connections SET last_error = '{\"code\": \"not_found\", \"message\": \"m\", "
                + "\"at\": \"2031-01-01T00:00:00Z\"}'::jsonb WHERE id = ?", connection);
        UUID redeliver = queue(connection, SyncType.REDELIVER);
        drain(engine);
        assertThat(ran).containsExactly(SyncType.REDELIVER);
        // a success of a webhook job does not clear a sync's error
        assertThat(lastError().path("code").asString()).isEqualTo("not_found");

        UUID job = queue(connection, SyncType.PROVISION);
        failures.add(PollException.unauthorized("GitHub refused the connection's token: Bad credentials"));
        drain(engine);

        assertThat(bench.job(job)).containsEntry("status", "failed");
        assertThat(bench.job(redeliver)).containsEntry("status", "succeeded");
        assertThat(status()).isEqualTo("active");
        assertThat(lastError().path("code").asString()).isEqualTo("unauthorized");
        assertThat(lastError().path("job_type").asString()).isEqualTo("provision");
    }

    private SyncEngine engine() {
        WebhookProvisioner provisioner = new WebhookProvisioner() {
            @Override
            public Provider provider() {
                return Provider.GITHUB;
            }

            @Override
            public Duration reconcileInterval() {
                return Duration.ofHours(6);
            }

            @Override
            public Optional<Duration> redeliverInterval() {
                return Optional.of(Duration.ofMinutes(5));
            }

            @Override
            public List<Map<String, Object>> provision(PollContext context) throws PollException {
                return run(context, SyncType.PROVISION, Map.of("action", "created", "repository", "o/r"));
            }

            @Override
            public List<Map<String, Object>> redeliver(PollContext context) throws PollException {
                return run(context, SyncType.REDELIVER, null);
            }

            private List<Map<String, Object>> run(PollContext context, SyncType type, Map<String, Object> action)
                    throws PollException {
                if (!context.connectionId().equals(connection)) {
                    return List.of(); // another test's leftover connection
                }
                ran.add(type);
                if (!failures.isEmpty()) {
                    throw failures.remove(0);
                }
                return action == null ? List.of() : List.of(action);
            }
        };
        return new SyncEngine(SyncBench.PROPERTIES, "test-webhooks/" + UUID.randomUUID().toString().substring(0, 8),
                jdbc, transactions, json, publisher, Map.of(), Map.of(Provider.GITHUB, provisioner),
                CredentialRefresher.NONE, clock, meters);
    }

    private JsonNode lastError() {
        String text = jdbc.sql("SELECT last_error::text FROM connections WHERE id = ?").param(connection)
                .query(String.class).list().get(0);
        return text == null ? null : json.readTree(text);
    }

    private String status() {
        return jdbc.sql("SELECT status FROM connections WHERE id = ?").param(connection).query(String.class).single();
    }

    private List<Map<String, Object>> runs(UUID job) {
        return jdbc.sql("""
                        SELECT kind, status, progress::text AS progress FROM operation_runs
                        WHERE target_id = ? ORDER BY created_at, started_at""")
                .param(job.toString()).query().listOfRows();
    }
}
