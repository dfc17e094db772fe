package com.poblysh.connectors.ingest.connections;

import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** {@link ConnectionOperations} on Postgres: inserts that do nothing when the row (or an active job) exists. */
@Component
class JdbcConnectionOperations implements ConnectionOperations {

    /** Who started the runs and jobs this service records. */
    static final String STARTED_BY = "ingest-service";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JdbcConnectionOperations(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
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
}
