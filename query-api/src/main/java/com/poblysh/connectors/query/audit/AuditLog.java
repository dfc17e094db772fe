package com.poblysh.connectors.query.audit;

import java.util.Map;

import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.TraceIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code audit_log} rows: who (an operator token id such as {@code tok_3f2a9c1b7e4d}, never a token),
 * what, on which target, for which tenant, in which trace. Callers write within the transaction of the change
 * they record, so a change and its audit row commit together or not at all.
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records {@code action} by {@code actor} on {@code targetType}/{@code targetId}.
     *
     * @param details small, secret-free facts about the change (previous status, job id, ...)
     */
    public void record(TenantId tenant, String actor, String action, String targetType, String targetId,
            Map<String, ?> details) {
        jdbc.sql("""
                INSERT INTO audit_log (tenant_id, actor, action, target_type, target_id, details, trace_id)
                VALUES (:tenant, :actor, :action, :targetType, :targetId, CAST(:details AS jsonb), :trace)""")
                .param("tenant", tenant.value())
                .param("actor", actor)
                .param("action", action)
                .param("targetType", targetType)
                .param("targetId", targetId)
                .param("details", json.writeValueAsString(details))
                .param("trace", TraceIds.current())
                .update();
    }
}
