package com.poblysh.connectors.query.console;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads a connection's {@code audit_log} rows for the console's audit page ({@code audit_log_tenant_target}). */
@Repository
class ConsoleAudit {

    /** Rows shown on one audit page, newest first. */
    static final int LIMIT = 200;

    /** One audit row; {@code details} is the stored JSON text. */
    record Entry(long id, Instant at, String actor, String action, String details, String traceId) {
    }

    private final JdbcClient jdbc;

    ConsoleAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest {@value #LIMIT} rows about connection {@code id} of {@code tenant}. */
    List<Entry> forConnection(TenantId tenant, UUID id) {
        return jdbc.sql("""
                        SELECT id, created_at, actor, action, details::text AS details, trace_id FROM audit_log
                        WHERE tenant_id = :tenant AND target_type = 'connection' AND target_id = :target
                        ORDER BY created_at DESC, id DESC LIMIT :limit""")
                .param("tenant", tenant.value())
                .param("target", id.toString())
                .param("limit", LIMIT)
                .query((rs, n) -> new Entry(rs.getLong("id"), ConsoleConnections.instant(rs, "created_at"),
                        rs.getString("actor"), rs.getString("action"), rs.getString("details"),
                        rs.getString("trace_id")))
                .list();
    }
}
