package com.poblysh.connectors.query.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.connections.NextSync;
import com.poblysh.connectors.query.pagination.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The console's reads of connections, always through the signed-in operator's grants: every query JOINs
 * {@code operator_tenant_grants} on {@code tenant_id} with {@code operator = :operator}, so a connection of a
 * tenant the operator was not granted is never read, whatever ids or filters a request carries. No tenant id list
 * is ever loaded to filter by.
 */
@Repository
class ConsoleConnections {

    /** A list query: its SQL text and bound parameters (kept apart so a test can EXPLAIN exactly this query). */
    record Query(String sql, Map<String, Object> params) {
    }

    /** Every column the list shows; {@code next_sync_at} is {@link NextSync}'s, the one {@code GET /connections} has. */
    private static final String SELECT = """
            SELECT c.id, c.tenant_id, c.provider, c.status, c.display_name, c.external_id, c.created_at,
                   c.last_synced_at, c.last_error ->> 'code' AS last_error_code,
                   c.last_error ->> 'message' AS last_error_message, c.last_error ->> 'at' AS last_error_at,
                   EXISTS (SELECT 1 FROM sync_jobs r WHERE r.tenant_id = c.tenant_id AND r.connection_id = c.id
                           AND r.job_type IN ('full', 'incremental') AND r.status = 'running') AS sync_running,
                   %s AS next_sync_at, g.role
            FROM operator_tenant_grants g
            JOIN connections c ON c.tenant_id = g.tenant_id
            %s
            WHERE g.operator = :operator""".formatted(NextSync.COLUMN, NextSync.join("c.tenant_id"));

    private final JdbcClient jdbc;
    private final NextSync nextSync;

    ConsoleConnections(JdbcClient jdbc, NextSync nextSync) {
        this.jdbc = jdbc;
        this.nextSync = nextSync;
    }

    /** Up to {@link PageRequest#fetchSize()} rows, {@code created_at DESC, id DESC}, after the page's cursor. */
    List<ConsoleConnectionRow> find(String operator, ConsoleFilter filter, PageRequest page) {
        Query query = listQuery(operator, filter, page);
        return jdbc.sql(query.sql()).params(query.params()).query((rs, n) -> map(rs)).list();
    }

    /** The list query {@link #find} runs. */
    Query listQuery(String operator, ConsoleFilter filter, PageRequest page) {
        Map<String, Object> params = nextSync.params(new LinkedHashMap<>());
        StringBuilder sql = new StringBuilder(SELECT);
        params.put("operator", operator);
        if (filter.tenant() != null) {
            sql.append(" AND g.tenant_id = :tenant");
            params.put("tenant", filter.tenant().value());
        }
        if (filter.provider() != null) {
            sql.append(" AND c.provider = :provider");
            params.put("provider", filter.provider().id());
        }
        if (filter.status() != null) {
            sql.append(" AND c.status = :status");
            params.put("status", filter.status());
        }
        if (!page.isFirstPage()) {
            sql.append(" AND (c.created_at, c.id) < (:cursorAt, :cursorId)");
            params.put("cursorAt", page.after().at().atOffset(ZoneOffset.UTC));
            params.put("cursorId", page.after().id());
        }
        sql.append(" ORDER BY c.created_at DESC, c.id DESC LIMIT :fetch");
        params.put("fetch", page.fetchSize());
        return new Query(sql.toString(), params);
    }

    /** Connection {@code id} when the operator may see it; empty for unknown ids and ungranted tenants alike. */
    Optional<ConsoleConnectionRow> find(String operator, UUID id) {
        Map<String, Object> params = nextSync.params(new LinkedHashMap<>());
        params.put("operator", operator);
        params.put("id", id);
        return jdbc.sql(SELECT + " AND c.id = :id")
                .params(params)
                .query((rs, n) -> map(rs)).optional();
    }

    private static ConsoleConnectionRow map(ResultSet rs) throws SQLException {
        String provider = rs.getString("provider");
        String errorAt = rs.getString("last_error_at");
        return new ConsoleConnectionRow(
                rs.getObject("id", UUID.class),
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                Provider.fromId(provider).orElseThrow(() -> new IllegalStateException("unknown provider " + provider)),
                rs.getString("status"),
                rs.getString("display_name"),
                rs.getString("external_id"),
                instant(rs, "created_at"),
                instant(rs, "last_synced_at"),
                rs.getString("last_error_code"),
                rs.getString("last_error_message"),
                errorAt == null ? null : parseInstant(errorAt),
                rs.getBoolean("sync_running"),
                instant(rs, "next_sync_at"),
                OperatorRole.fromWireName(rs.getString("role")));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** {@code last_error.at} is written by other services as RFC 3339; an unreadable one is shown as absent. */
    private static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
