package com.poblysh.connectors.ingest.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rows and engines for the engine's integration tests: connections and jobs written the way query-api writes them,
 * and {@link SyncEngine}s with their own owner, clock and executor against the shared database and broker.
 */
final class SyncBench {

    /** Settings of the engines under test: no jitter, a lease long enough that only a moved clock expires it. */
    static final SyncJobsProperties PROPERTIES = properties(100);

    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactions;
    private final JsonMapper json;
    private final RawEventPublisher publisher;

    SyncBench(JdbcClient jdbc, PlatformTransactionManager transactions, JsonMapper json, RawEventPublisher publisher) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.publisher = publisher;
    }

    static SyncJobsProperties properties(int maxPagesPerRun) {
        return new SyncJobsProperties(true, Duration.ofMinutes(15), Duration.ofMinutes(1), 1, Duration.ofMillis(20),
                Duration.ofSeconds(30), 4, maxPagesPerRun);
    }

    SyncEngine engine(String name, PollExecutor executor, Clock clock, SyncJobsProperties properties,
            CredentialRefresher refresher, MeterRegistry meters) {
        return new SyncEngine(properties, "test-" + name + "/" + UUID.randomUUID().toString().substring(0, 8), jdbc,
                transactions, json, publisher, Map.of(executor.provider(), executor), refresher, clock, meters);
    }

    /** Runs due jobs until none is left. */
    static int drain(SyncEngine engine) {
        int runs = 0;
        while (engine.runNext()) {
            runs++;
        }
        return runs;
    }

    /**
     * Fails the queued and running GitHub jobs earlier tests left (only this package's tests and GitHub's poller
     * tests queue GitHub jobs), so that the next claim takes this test's job and not one of theirs.
     */
    void clearLeftovers() {
        clearLeftovers(Provider.GITHUB);
    }

    /** Fails the queued and running jobs of {@code provider} earlier tests left. */
    void clearLeftovers(Provider provider) {
        jdbc.sql("""
                UPDATE sync_jobs SET status = 'failed', error = '{"code": "test_cleanup"}'::jsonb,
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE provider = ? AND status IN ('queued', 'running')""").param(provider.id()).update();
    }

    UUID connection(UUID tenant, Provider provider, String status) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO connections (id, tenant_id, provider, external_id, status) VALUES (?, ?, ?, ?, ?)")
                .params(id, tenant, provider.id(), "ext-" + id, status).update();
        return id;
    }

    /** Queues a job as {@code POST /connections/{id}/sync} does. */
    UUID queue(UUID tenant, UUID connection, Provider provider, SyncType type, Instant scheduledAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO sync_jobs (id, tenant_id, provider, connection_id, job_type, status, scheduled_at)
                        VALUES (?, ?, ?, ?, ?, 'queued', ?)""")
                .params(id, tenant, provider.id(), connection, type.wireName(), JobStore.at(scheduledAt)).update();
        return id;
    }

    /** The job's row, with {@code cursor} and {@code error} as JSON text and timestamps as instants. */
    Map<String, Object> job(UUID id) {
        return jdbc.sql("""
                        SELECT status, attempts, items, cursor::text AS cursor, error::text AS error, scheduled_at,
                               retry_after, started_at, finished_at, lease_owner, lease_expires_at, run_id
                        FROM sync_jobs WHERE id = ?""")
                .param(id).query().singleRow();
    }

    List<Map<String, Object>> jobsOf(UUID tenant) {
        return jdbc.sql("""
                        SELECT id, connection_id, job_type, status, scheduled_at FROM sync_jobs
                        WHERE tenant_id = ? ORDER BY scheduled_at, id""")
                .param(tenant).query().listOfRows();
    }

    /** The job's operation runs, oldest first, progress and error as JSON text. */
    List<Map<String, Object>> runs(UUID jobId) {
        return jdbc.sql("""
                        SELECT id, kind, status, started_by, progress::text AS progress, error::text AS error,
                               started_at, finished_at
                        FROM operation_runs WHERE kind = 'sync' AND target_id = ? ORDER BY created_at, started_at""")
                .param(jobId.toString()).query().listOfRows();
    }

    void execute(String sql, Object... params) {
        jdbc.sql(sql).params(params).update();
    }
}
