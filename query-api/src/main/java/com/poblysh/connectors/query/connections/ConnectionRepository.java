package com.poblysh.connectors.query.connections;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.pagination.ListQuery;
import com.poblysh.connectors.query.pagination.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads and changes connections, always within one tenant ({@code WHERE tenant_id = :tenant}). Lists use keyset
 * order {@code created_at DESC, id DESC}, served by {@code connections_tenant_list}. Token ciphertexts are read
 * only where a provider call needs them and never leave this package except decrypted into that call.
 */
@Repository
class ConnectionRepository {

    static final String COLUMNS = "id, provider, status, display_name, external_id, expires_at, scopes, "
            + "metadata::text AS metadata, created_at";

    /** A connection with its sealed access token, for revocation. */
    record Sealed(ConnectionView view, byte[] accessToken) {
    }

    private final JdbcClient jdbc;

    ConnectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@link PageRequest#fetchSize()} connections of the page's tenant matching {@code filter}. */
    List<ConnectionView> find(ConnectionFilter filter, PageRequest page) {
        ListQuery query = ListQuery.select(COLUMNS, "connections", page)
                .where("provider = :provider", "provider", filter.provider() == null ? null : filter.provider().id())
                .where("status = :status", "status", filter.status() == null ? null : filter.status().wireName())
                .orderedBy("created_at");
        return jdbc.sql(query.sql()).params(query.params()).query((rs, n) -> map(rs)).list();
    }

    /** The tenant's connection {@code id}; empty when absent or another tenant's. */
    Optional<ConnectionView> find(TenantId tenant, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM connections WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query((rs, n) -> map(rs))
                .optional();
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

    static ConnectionView map(ResultSet rs) throws SQLException {
        OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
        return new ConnectionView(
                rs.getObject("id", UUID.class),
                provider(rs),
                rs.getString("status"),
                rs.getString("display_name"),
                rs.getString("external_id"),
                expires == null ? null : expires.toInstant(),
                scopes(rs.getArray("scopes")),
                rs.getString("metadata"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
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
