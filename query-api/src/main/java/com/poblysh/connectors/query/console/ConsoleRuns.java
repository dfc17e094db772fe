package com.poblysh.connectors.query.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code operation_runs} the console starts and shows. Reads go through the operator's grants like every console
 * read: a run of a tenant the operator was not granted is not found.
 */
@Repository
class ConsoleRuns {

    /** Kind of the runs "Run health check" starts (executed at once by {@link HealthChecks}). */
    static final String HEALTH_CHECK = "connection_health_check";
    /** Kind of the runs "Sync now" starts: the request; the sync job it queued (progress.job_id) executes it. */
    static final String SYNC = "connection_sync";
    /** Kind of the sync engine's run of one claim of a job (ingest.jobs), target_id = the job id. */
    static final String ENGINE_SYNC = "sync";

    /** A run as stored; {@code progress} and {@code error} are the JSONB objects. */
    record Run(UUID id, TenantId tenant, String kind, String status, String targetId, JsonNode progress,
            JsonNode error, String startedBy, Instant createdAt, Instant startedAt, Instant finishedAt) {
    }

    /** A sync job as the run page shows it. */
    record Job(UUID id, String jobType, String status, int attempts, long items, Instant scheduledAt,
            Instant startedAt, Instant finishedAt, JsonNode error) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ConsoleRuns(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Opens a run of {@code kind} on connection {@code target}. */
    UUID create(TenantId tenant, String kind, String status, UUID target, Map<String, ?> progress,
            String startedBy, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO operation_runs (id, tenant_id, kind, status, target_id, progress, started_by, created_at,
                                            started_at)
                VALUES (:id, :tenant, :kind, :status, :target, CAST(:progress AS jsonb), :startedBy, :now,
                        CAST(:startedAt AS timestamptz))""")
                .param("id", id)
                .param("tenant", tenant.value())
                .param("kind", kind)
                .param("status", status)
                .param("target", target.toString())
                .param("progress", json.writeValueAsString(progress))
                .param("startedBy", startedBy)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("startedAt", "running".equals(status) ? now.atOffset(ZoneOffset.UTC) : null)
                .update();
        return id;
    }

    /** Ends a run the console executes itself. */
    void finish(TenantId tenant, UUID id, String status, Map<String, ?> progress, Map<String, ?> error,
            Instant now) {
        jdbc.sql("""
                UPDATE operation_runs SET status = :status, progress = CAST(:progress AS jsonb),
                       error = CAST(:error AS jsonb), finished_at = :now
                WHERE tenant_id = :tenant AND id = :id""")
                .param("status", status)
                .param("progress", json.writeValueAsString(progress))
                .param("error", error == null ? null : json.writeValueAsString(error))
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("tenant", tenant.value())
                .param("id", id)
                .update();
    }

    /** Run {@code id} when it belongs to a tenant granted to the operator. */
    Optional<Run> find(String operator, UUID id) {
        return jdbc.sql("""
                        SELECT r.id, r.tenant_id, r.kind, r.status, r.target_id, r.progress::text AS progress,
                               r.error::text AS error, r.started_by, r.created_at, r.started_at, r.finished_at
                        FROM operator_tenant_grants g
                        JOIN operation_runs r ON r.tenant_id = g.tenant_id
                        WHERE g.operator = :operator AND r.id = :id""")
                .param("operator", operator)
                .param("id", id)
                .query((rs, n) -> run(rs)).optional();
    }

    /** The sync job {@code id} of {@code tenant}. */
    Optional<Job> job(TenantId tenant, UUID id) {
        return jdbc.sql("""
                        SELECT id, job_type, status, attempts, items, scheduled_at, started_at, finished_at,
                               error::text AS error
                        FROM sync_jobs WHERE tenant_id = :tenant AND id = :id""")
                .param("tenant", tenant.value())
                .param("id", id)
                .query((rs, n) -> new Job(rs.getObject("id", UUID.class), rs.getString("job_type"),
                        rs.getString("status"), rs.getInt("attempts"), rs.getLong("items"),
                        ConsoleConnections.instant(rs, "scheduled_at"), ConsoleConnections.instant(rs, "started_at"),
                        ConsoleConnections.instant(rs, "finished_at"), tree(rs.getString("error"))))
                .optional();
    }

    /** The sync engine's runs of job {@code jobId} (one per claim), oldest first. */
    List<Run> engineRuns(TenantId tenant, UUID jobId) {
        return jdbc.sql("""
                        SELECT id, tenant_id, kind, status, target_id, progress::text AS progress, error::text AS error,
                               started_by, created_at, started_at, finished_at
                        FROM operation_runs
                        WHERE tenant_id = :tenant AND kind = :kind AND target_id = :job
                        ORDER BY created_at, id LIMIT 50""")
                .param("tenant", tenant.value())
                .param("kind", ENGINE_SYNC)
                .param("job", jobId.toString())
                .query((rs, n) -> run(rs)).list();
    }

    private Run run(ResultSet rs) throws SQLException {
        UUID tenant = rs.getObject("tenant_id", UUID.class);
        return new Run(rs.getObject("id", UUID.class), tenant == null ? null : TenantId.of(tenant),
                rs.getString("kind"), rs.getString("status"), rs.getString("target_id"),
                tree(rs.getString("progress")), tree(rs.getString("error")), rs.getString("started_by"),
                ConsoleConnections.instant(rs, "created_at"), ConsoleConnections.instant(rs, "started_at"),
                ConsoleConnections.instant(rs, "finished_at"));
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }
}
