package com.poblysh.connectors.ingest.connections;

import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.TraceIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ConnectionOperations} on Postgres: inserts that do nothing when the row (or an active job) exists, and a
 * revocation that changes nothing the second time.
 */
@Component
class JdbcConnectionOperations implements ConnectionOperations {

    /** Who started the runs and jobs this service records. */
    static final String STARTED_BY = "ingest-service";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate tx;

    JdbcConnectionOperations(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public boolean recordRun(UUID runId, TenantId tenant, String kind, String targetId, Map<String, Object> details) {
        return jdbc.sql("""
                        INSERT INTO operation_runs (id, tenant_id, kind, status, target_id, progress, started_by)
                        VALUES (?, ?, ?, 'queued', ?, ?::jsonb, ?)
                        ON CONFLICT (id) DO NOTHING""")
                .params(runId, tenant.value(), kind, targetId, json.writeValueAsString(details), STARTED_BY)
                .update() == 1;
    }

    @Override
    public boolean queueIncrementalSync(TenantId tenant, Provider provider, UUID connectionId) {
        return queueSync(tenant, provider, connectionId, "incremental");
    }

    @Override
    public boolean queueFullSync(TenantId tenant, Provider provider, UUID connectionId) {
        return queueSync(tenant, provider, connectionId, "full");
    }

    /**
     * Queues a job of {@code type} unless one is queued or running (the partial unique index sync_jobs_one_active
     * allows one per connection and type). Coalesced into a job that already started reading, the request is noted
     * on it ({@code requested_again_at}): that job may have passed the change that asked, so its end queues another.
     */
    private boolean queueSync(TenantId tenant, Provider provider, UUID connectionId, String type) {
        for (int attempt = 0; attempt < 2; attempt++) {
            int queued = jdbc.sql("""
                            INSERT INTO sync_jobs (id, tenant_id, provider, connection_id, job_type, status)
                            SELECT ?, c.tenant_id, c.provider, c.id, ?, 'queued'
                            FROM connections c WHERE c.tenant_id = ? AND c.id = ? AND c.provider = ?
                            ON CONFLICT (tenant_id, connection_id, job_type) WHERE status IN ('queued', 'running')
                            DO NOTHING""")
                    .params(UUID.randomUUID(), type, tenant.value(), connectionId, provider.id())
                    .update();
            if (queued == 1) {
                return true;
            }
            int active = jdbc.sql("""
                            UPDATE sync_jobs SET requested_again_at = CASE WHEN started_at IS NULL
                                THEN requested_again_at ELSE now() END
                            WHERE tenant_id = ? AND connection_id = ? AND provider = ? AND job_type = ?
                              AND status IN ('queued', 'running')""")
                    .params(tenant.value(), connectionId, provider.id(), type)
                    .update();
            if (active == 1) {
                return false;
            }
            // the job it collided with (or the connection) is gone meanwhile: try once more
        }
        return false;
    }

    @Override
    public boolean revoke(TenantId tenant, Provider provider, UUID connectionId, String actor, String reason) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            String previous = jdbc.sql("""
                            SELECT status FROM connections WHERE tenant_id = ? AND id = ? AND provider = ?
                            FOR UPDATE""")
                    .params(tenant.value(), connectionId, provider.id()).query(String.class).optional()
                    .orElse("revoked");
            if ("revoked".equals(previous)) {
                return false;
            }
            jdbc.sql("""
                            UPDATE connections SET status = 'revoked', access_token_ciphertext = NULL,
                                   refresh_token_ciphertext = NULL, webhook_secret_ciphertext = NULL,
                                   updated_at = now()
                            WHERE tenant_id = ? AND id = ?""")
                    .params(tenant.value(), connectionId).update();
            int cancelled = jdbc.sql("""
                            UPDATE sync_jobs SET status = 'failed', finished_at = now(),
                                   error = '{"code": "connection_revoked"}'::jsonb
                            WHERE tenant_id = ? AND connection_id = ? AND status = 'queued'""")
                    .params(tenant.value(), connectionId).update();
            Map<String, Object> details = Map.of("provider", provider.id(), "previous_status", previous,
                    "reason", reason, "cancelled_jobs", cancelled);
            jdbc.sql("""
                            INSERT INTO audit_log (tenant_id, actor, action, target_type, target_id, details,
                                                   trace_id)
                            VALUES (?, ?, 'connection.revoked', 'connection', ?, ?::jsonb, ?)""")
                    .params(tenant.value(), actor, connectionId.toString(), json.writeValueAsString(details),
                            TraceIds.current())
                    .update();
            return true;
        }));
    }
}
