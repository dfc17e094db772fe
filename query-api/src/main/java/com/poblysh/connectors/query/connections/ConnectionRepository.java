package com.poblysh.connectors.query.connections;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.pagination.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads and changes connections, always within one tenant ({@code WHERE tenant_id = :tenant}). Lists use keyset
 * order {@code created_at DESC, id DESC}, served by {@code connections_tenant_list}; what is read also says the
 * connection's health and when it syncs next. Token ciphertexts are read
 * only where a provider call needs them and never leave this package except decrypted into that call.
 */
@Repository
class ConnectionRepository {

    static final String COLUMNS = "id, provider, status, display_name, external_id, expires_at, scopes, "
            + "metadata::text AS metadata, created_at, last_synced_at, last_error->>'code' AS last_error_code, "
            + "last_error->>'message' AS last_error_message, last_error->>'at' AS last_error_at";

    /** Connections (the inner select's {@code %s}, {@code %s}) of {@code :tenant} with their {@link NextSync}. */
    private static final String SCHEDULED = " c.*, " + NextSync.COLUMN + " AS next_sync_at"
            + " FROM (SELECT %s FROM connections WHERE tenant_id = :tenant%s) c " + NextSync.join(":tenant");

    /** A connection with its sealed access token, for revocation. */
    record Sealed(ConnectionView view, byte[] accessToken) {
    }

    private final JdbcClient jdbc;
    private final NextSync nextSync;

    ConnectionRepository(JdbcClient jdbc, NextSync nextSync) {
        this.jdbc = jdbc;
        this.nextSync = nextSync;
    }

    /** Up to {@link PageRequest#fetchSize()} connections of the page's tenant matching {@code filter}. */
    List<ConnectionView> find(ConnectionFilter filter, PageRequest page) {
        Map<String, Object> params = scheduleParams(page.tenant());
        StringBuilder where = new StringBuilder();
        if (filter.provider() != null) {
            where.append(" AND provider = :provider");
            params.put("provider", filter.provider().id());
        }
        if (filter.status() != null) {
            where.append(" AND status = :status");
            params.put("status", filter.status().wireName());
        }
        // the keyset limits the inner select, so only one page of connections is looked up in sync_jobs
        StringBuilder inner = new StringBuilder(where);
        page.appendKeyset(inner, params, "created_at");
        StringBuilder sql = new StringBuilder("SELECT").append(SCHEDULED.formatted(COLUMNS, inner))
                .append(" ORDER BY c.created_at DESC, c.id DESC");
        return withWebhooks(page.tenant(), jdbc.sql(sql.toString()).params(params).query((rs, n) -> mapScheduled(rs))
                .list());
    }

    /** The connections with their provisioned webhooks ({@code connection_webhooks_by_connection}), one query. */
    List<ConnectionView> withWebhooks(TenantId tenant, List<ConnectionView> views) {
        if (views.isEmpty()) {
            return views;
        }
        Map<UUID, List<ConnectionWebhook>> hooks = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT id, connection_id, target_kind, target_id, target_name, external_id, expires_at,
                               last_renewed_at, last_error->>'code' AS last_error_code,
                               last_error->>'message' AS last_error_message, last_error->>'at' AS last_error_at
                        FROM connection_webhooks
                        WHERE tenant_id = :tenant AND connection_id IN (:ids)
                        ORDER BY connection_id, created_at, id""")
                .param("tenant", tenant.value())
                .param("ids", views.stream().map(ConnectionView::id).toList())
                .query(rs -> {
                    hooks.computeIfAbsent(rs.getObject("connection_id", UUID.class), k -> new java.util.ArrayList<>())
                            .add(new ConnectionWebhook(rs.getObject("id", UUID.class), rs.getString("target_kind"),
                                    rs.getString("target_id"), rs.getString("target_name"),
                                    rs.getString("external_id"), instant(rs, "expires_at"),
                                    instant(rs, "last_renewed_at"), lastError(rs)));
                });
        return views.stream().map(v -> v.withWebhooks(hooks.getOrDefault(v.id(), List.of()))).toList();
    }

    /** The tenant's connection {@code id}; empty when absent or another tenant's. */
    Optional<ConnectionView> find(TenantId tenant, UUID id) {
        Map<String, Object> params = scheduleParams(tenant);
        params.put("id", id);
        return jdbc.sql("SELECT" + SCHEDULED.formatted(COLUMNS, " AND id = :id"))
                .params(params)
                .query((rs, n) -> mapScheduled(rs))
                .optional()
                .map(view -> withWebhooks(tenant, List.of(view)).get(0));
    }

    private Map<String, Object> scheduleParams(TenantId tenant) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", tenant.value());
        return nextSync.params(params);
    }

    /** The connection with its sealed access token (null when none is stored). */
    Optional<Sealed> findSealed(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + ", access_token_ciphertext FROM connections"
                        + " WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query((rs, n) -> new Sealed(map(rs), rs.getBytes("access_token_ciphertext")))
                .optional();
    }

    /**
     * Marks the connection revoked and erases every secret it holds (tokens and webhook secret); empty when it
     * does not exist for the tenant.
     */
    Optional<ConnectionView> markRevoked(TenantId tenant, UUID id) {
        return jdbc.sql("UPDATE connections SET status = 'revoked', access_token_ciphertext = NULL,"
                        + " refresh_token_ciphertext = NULL, webhook_secret_ciphertext = NULL, updated_at = now()"
                        + " WHERE tenant_id = :tenant AND id = :id RETURNING " + COLUMNS)
                .param("tenant", tenant.value())
                .param("id", id)
                .query((rs, n) -> map(rs))
                .optional();
    }

    /** The REST URLs of the webhooks provisioned for the connection, by row id (revocation deletes them). */
    Map<UUID, String> webhookUrls(TenantId tenant, UUID connectionId) {
        Map<UUID, String> urls = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT id, api_url FROM connection_webhooks
                        WHERE tenant_id = :tenant AND connection_id = :connection AND api_url IS NOT NULL
                        ORDER BY created_at, id""")
                .param("tenant", tenant.value()).param("connection", connectionId)
                .query(rs -> {
                    urls.put(rs.getObject("id", UUID.class), rs.getString("api_url"));
                });
        return urls;
    }

    /** The provider's ids of the connection's created webhooks, by row id. */
    Map<UUID, String> webhookExternalIds(TenantId tenant, UUID connectionId) {
        Map<UUID, String> ids = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT id, external_id FROM connection_webhooks
                        WHERE tenant_id = :tenant AND connection_id = :connection AND external_id IS NOT NULL""")
                .param("tenant", tenant.value()).param("connection", connectionId)
                .query(rs -> {
                    ids.put(rs.getObject("id", UUID.class), rs.getString("external_id"));
                });
        return ids;
    }

    /** Forgets the connection's webhooks and their secrets: revoked, nothing verifies with them any more. */
    int deleteWebhooks(TenantId tenant, UUID connectionId) {
        return jdbc.sql("DELETE FROM connection_webhooks WHERE tenant_id = :tenant AND connection_id = :connection")
                .param("tenant", tenant.value()).param("connection", connectionId)
                .update();
    }

    /**
     * Fails the connection's queued sync jobs: nothing may run against a revoked connection. Running jobs are
     * left to their worker, which finds the connection revoked and its tokens gone.
     */
    int cancelQueuedJobs(TenantId tenant, UUID connectionId) {
        return jdbc.sql("UPDATE sync_jobs SET status = 'failed', finished_at = now(),"
                        + " error = '{\"code\": \"connection_revoked\"}'::jsonb"
                        + " WHERE tenant_id = :tenant AND connection_id = :connection AND status = 'queued'")
                .param("tenant", tenant.value())
                .param("connection", connectionId)
                .update();
    }

    /** A row of {@link #COLUMNS}; {@code next_sync_at} is not among them (null). */
    static ConnectionView map(ResultSet rs) throws SQLException {
        return map(rs, null);
    }

    private static ConnectionView mapScheduled(ResultSet rs) throws SQLException {
        return map(rs, instant(rs, "next_sync_at"));
    }

    private static ConnectionView map(ResultSet rs, Instant nextSyncAt) throws SQLException {
        return new ConnectionView(
                rs.getObject("id", UUID.class),
                provider(rs),
                rs.getString("status"),
                rs.getString("display_name"),
                rs.getString("external_id"),
                instant(rs, "expires_at"),
                scopes(rs.getArray("scopes")),
                rs.getString("metadata"),
                instant(rs, "created_at"),
                instant(rs, "last_synced_at"),
                lastError(rs),
                nextSyncAt,
                List.of());
    }

    /** {@code last_error} as the engine and the refresher write it; one that lacks a code or a time is shown none. */
    private static ConnectionError lastError(ResultSet rs) throws SQLException {
        String code = rs.getString("last_error_code");
        String at = rs.getString("last_error_at");
        if (code == null || at == null) {
            return null;
        }
        String message = rs.getString("last_error_message");
        try {
            return new ConnectionError(code, message == null ? code : message, Instant.parse(at));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** The stored provider id as a {@link Provider}; only the service writes it, so an unknown one is a bug. */
    private static Provider provider(ResultSet rs) throws SQLException {
        String id = rs.getString("provider");
        UUID row = rs.getObject("id", UUID.class);
        return Provider.fromId(id).orElseThrow(() -> new IllegalStateException("connection " + row
                + " has unknown provider " + id));
    }

    private static List<String> scopes(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
