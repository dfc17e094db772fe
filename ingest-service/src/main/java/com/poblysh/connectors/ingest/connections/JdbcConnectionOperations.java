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
        // The partial unique index sync_jobs_one_active allows one queued or running job per connection and type.
        return jdbc.sql("""
                        INSERT INTO sync_jobs (id, tenant_id, provider, connection_id, job_type, status)
                        SELECT ?, c.tenant_id, c.provider, c.id, 'incremental', 'queued'
                        FROM connections c WHERE c.tenant_id = ? AND c.id = ? AND c.provider = ?
                        ON CONFLICT (tenant_id, connection_id, job_type) WHERE status IN ('queued', 'running')
                        DO NOTHING""")
                .params(UUID.randomUUID(), tenant.value(), connectionId, provider.id())
                .update() == 1;
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
